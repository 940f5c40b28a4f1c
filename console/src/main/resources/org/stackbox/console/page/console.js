// The console page: noVNC's RFB client on a full-window canvas, with Ctrl-Alt-Del, paste-as-keys, and a plain
// message whenever the console cannot be shown (expired token, stopped server).
import RFB from './novnc/core/rfb.js';
import KeyTable from './novnc/core/input/keysym.js';

const KEY_DELAY_MILLISECONDS = 15;
const PLAIN_CODES = { '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', ',': 'Comma', '.': 'Period', '/': 'Slash', '`': 'Backquote', ' ': 'Space' };
const SHIFTED_CODES = { '!': 'Digit1', '@': 'Digit2', '#': 'Digit3', '$': 'Digit4', '%': 'Digit5', '^': 'Digit6',
  '&': 'Digit7', '*': 'Digit8', '(': 'Digit9', ')': 'Digit0', '_': 'Minus', '+': 'Equal', '{': 'BracketLeft',
  '}': 'BracketRight', '|': 'Backslash', ':': 'Semicolon', '"': 'Quote', '<': 'Comma', '>': 'Period', '?': 'Slash',
  '~': 'Backquote' };

const screen = document.getElementById('screen');
const statusLine = document.getElementById('status');
const message = document.getElementById('message');
const ctrlAltDel = document.getElementById('ctrl-alt-del');
const paste = document.getElementById('paste');
const pasteDialog = document.getElementById('paste-dialog');
const pasteText = document.getElementById('paste-text');
const token = tokenFromUrl();
let rfb = null;

// Nova's URL shape is vnc_lite.html?path=%3Ftoken%3D<token>; the older one is vnc_auto.html?token=<token>.
function tokenFromUrl() {
  const params = new URLSearchParams(window.location.search);
  if (params.get('token')) {
    return params.get('token');
  }
  const path = params.get('path') || '';
  const query = path.indexOf('?');
  return query < 0 ? null : new URLSearchParams(path.substring(query + 1)).get('token');
}

function websocketUrl() {
  const url = new URL('websockify', window.location.href);
  url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '?token=' + encodeURIComponent(token);
  url.hash = '';
  return url.toString();
}

async function authorization() {
  try {
    const response = await fetch('authorization?token=' + encodeURIComponent(token), { cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      return { ok: true, serverId: body.authorization.server_id };
    }
    const fault = Object.values(body)[0] || {};
    return { ok: false, message: fault.message || 'The console is not available (HTTP ' + response.status + ').' };
  } catch (error) {
    return { ok: false, message: 'The console proxy does not answer: ' + error.message };
  }
}

function setConnected(connected) {
  ctrlAltDel.disabled = !connected;
  paste.disabled = !connected;
  document.body.dataset.state = connected ? 'connected' : 'disconnected';
}

function showMessage(text) {
  message.textContent = text;
  message.hidden = false;
  statusLine.textContent = 'Not connected';
  setConnected(false);
}

async function connect() {
  if (!token) {
    showMessage('This console URL has no token. Ask for a new one (nova get-vnc-console SERVER novnc).');
    return;
  }
  const check = await authorization();
  if (!check.ok) {
    showMessage(check.message);
    return;
  }
  document.title = 'Console of server ' + check.serverId;
  statusLine.textContent = 'Connecting to server ' + check.serverId + '…';
  rfb = new RFB(screen, websocketUrl(), { shared: true });
  rfb.scaleViewport = true;
  rfb.resizeSession = false;
  rfb.addEventListener('connect', () => {
    statusLine.textContent = 'Server ' + check.serverId;
    message.hidden = true;
    setConnected(true);
    rfb.focus();
  });
  rfb.addEventListener('disconnect', async (event) => {
    rfb = null;
    const again = await authorization();
    showMessage(again.ok
      ? (event.detail.clean ? 'The console closed.' : 'The connection to the console was lost.') + ' Reload the page to connect again.'
      : again.message);
  });
}

function keyFor(character) {
  const keysym = character.codePointAt(0) < 0x100 ? character.codePointAt(0) : 0x01000000 + character.codePointAt(0);
  if (character >= 'a' && character <= 'z') {
    return { keysym, code: 'Key' + character.toUpperCase(), shift: false };
  }
  if (character >= 'A' && character <= 'Z') {
    return { keysym, code: 'Key' + character, shift: true };
  }
  if (character >= '0' && character <= '9') {
    return { keysym, code: 'Digit' + character, shift: false };
  }
  if (character === '\n') {
    return { keysym: KeyTable.XK_Return, code: 'Enter', shift: false };
  }
  if (character === '\t') {
    return { keysym: KeyTable.XK_Tab, code: 'Tab', shift: false };
  }
  if (character in PLAIN_CODES) {
    return { keysym, code: PLAIN_CODES[character], shift: false };
  }
  if (character in SHIFTED_CODES) {
    return { keysym, code: SHIFTED_CODES[character], shift: true };
  }
  return { keysym, code: null, shift: false };
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// Types text key by key, with a pause between keys so that the guest's keyboard buffer keeps up.
async function typeText(text) {
  for (const character of text.replace(/\r\n?/g, '\n')) {
    if (!rfb) {
      return;
    }
    const key = keyFor(character);
    if (key.shift) {
      rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', true);
    }
    rfb.sendKey(key.keysym, key.code, true);
    rfb.sendKey(key.keysym, key.code, false);
    if (key.shift) {
      rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', false);
    }
    await pause(KEY_DELAY_MILLISECONDS);
  }
}

ctrlAltDel.addEventListener('click', () => rfb && rfb.sendCtrlAltDel());
paste.addEventListener('click', async () => {
  pasteText.value = '';
  if (navigator.clipboard && navigator.clipboard.readText) {
    pasteText.value = await navigator.clipboard.readText().catch(() => '');
  }
  pasteDialog.showModal();
  pasteText.focus();
});
pasteDialog.addEventListener('close', () => {
  if (pasteDialog.returnValue === 'type') {
    typeText(pasteText.value).then(() => rfb && rfb.focus());
  }
});
document.getElementById('full-screen').addEventListener('click', () => {
  if (document.fullscreenElement) {
    document.exitFullscreen();
  } else {
    document.documentElement.requestFullscreen().catch(() => {});
  }
});

// For tests and scripts: the same typing as the paste dialog.
window.stackboxConsole = { typeText, connected: () => rfb !== null && document.body.dataset.state === 'connected' };

connect();
