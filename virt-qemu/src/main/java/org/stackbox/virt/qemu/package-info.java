/** The QEMU driver: command lines built from a {@code DomainSpec}, QMP, and QEMU processes of their own. */
package org.stackbox.virt.qemu;
