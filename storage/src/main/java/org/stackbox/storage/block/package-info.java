/**
 * Block storage: the {@link org.stackbox.storage.block.BlockStore} driver interface the volume service uses, in
 * Stackbox's own types, and {@link org.stackbox.storage.block.LocalBlockStore}, which keeps volumes as qcow2 files
 * with copy-on-write backing chains through {@code qemu-img}.
 */
package org.stackbox.storage.block;
