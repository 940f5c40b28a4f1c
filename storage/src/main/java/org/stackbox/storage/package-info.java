/**
 * Where images and volumes live: the {@code ImageStore} and {@code BlockStore} interfaces in Stackbox's own types,
 * and their local implementations (plain files; qcow2 overlays through {@code qemu-img}). A Ceph RBD
 * implementation of the same interfaces comes later.
 */
package org.stackbox.storage;
