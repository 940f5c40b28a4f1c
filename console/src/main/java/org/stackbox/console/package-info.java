/**
 * The console proxy, the part of nova-novncproxy and nova-serialproxy that matters: short-lived console tokens bound to
 * one server ({@link org.stackbox.console.ConsoleAuthorizations}), the noVNC page and the websocket relays to a
 * server's VNC and serial sockets ({@link org.stackbox.console.ConsoleApi}), and the console URLs that Nova's console
 * calls answer with ({@link org.stackbox.console.RemoteConsoleResponses}). It learns where consoles are only through
 * {@link org.stackbox.console.ConsoleTargets}; it never imports the compute service or the QEMU driver.
 */
package org.stackbox.console;
