/**
 * The hypervisor contract: {@code DomainSpec} (what devices a server gets, built by one pure function from its
 * block device mappings) and the {@code Hypervisor} interface. Nothing here knows QEMU.
 */
package org.stackbox.virt;
