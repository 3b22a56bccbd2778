// The offline form page: ODK Web Forms renders the XForm; what is filled is kept in IndexedDB and sent to
// Pathways (the same multipart as ODK Collect's) whenever the browser is online. The service worker keeps
// this page, this script and the form so that the page opens with no connection.
import { createApp, h } from 'vue';
import { OdkWebForm, webFormsPlugin, POST_SUBMIT__NEW_INSTANCE } from '@getodk/web-forms';

const host = document.getElementById('web-form');
const status = document.getElementById('offline-status');
const counter = document.getElementById('queue-count');
const say = (key, extra = '') => {
  status.textContent = `${status.dataset[key]}${extra ? ` ${extra}` : ''}`;
};

function openOutbox() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('pathways-field', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('outbox', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function outbox(mode, use) {
  const db = await openOutbox();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction('outbox', mode);
    const request = use(transaction.objectStore('outbox'));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
  });
}

const keep = (item) => outbox('readwrite', (store) => store.put(item));
const kept = () => outbox('readonly', (store) => store.getAll());
const forget = (id) => outbox('readwrite', (store) => store.delete(id));

function cookie(name) {
  const found = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
}

async function showCount() {
  const waiting = (await kept()).length;
  counter.hidden = waiting === 0;
  counter.textContent = `${status.dataset.queued} ${waiting}`;
}

let sending = false;

async function send(item) {
  const body = new FormData();
  for (const part of item.parts) body.append(part.name, part.file, part.filename);
  const response = await fetch(host.dataset.submitUrl, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { 'X-CSRFToken': cookie('csrftoken'), 'X-OpenRosa-Version': '1.0' },
  });
  const text = (await response.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  if (response.status === 201) {
    await forget(item.id);
    const held = response.headers.get('X-Pathways-Submission-Status') === 'held';
    say(held ? 'held' : 'sent', held ? text : '');
    return true;
  }
  if (response.status === 401 || response.status === 403) {
    say('login');
    return false;
  }
  // Refused for what it is (not for the connection): kept, and not sent again on its own.
  await keep({ ...item, refused: text });
  say('refused', text);
  return true;
}

async function flush() {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    for (const item of await kept()) {
      if (item.refused) continue;
      if (!(await send(item))) break;
    }
  } catch (error) {
    // A dropped connection mid-send: everything not confirmed stays kept.
    say('offline');
  } finally {
    sending = false;
    await showCount();
  }
}

async function onSubmit(payload, callback) {
  const data = payload.data[0];
  const parts = [];
  let id = '';
  for (const [name, file] of data.entries()) {
    parts.push({ name, file, filename: file.name || name });
    if (name === 'xml_submission_file') {
      const match = /<instanceID>([^<]+)<\/instanceID>/.exec(await file.text());
      id = match ? match[1] : `local:${Date.now()}`;
    }
  }
  await keep({ id, parts, keptAt: new Date().toISOString() });
  callback({ next: POST_SUBMIT__NEW_INSTANCE });
  await showCount();
  if (!navigator.onLine) say('offline');
  await flush();
}

// On the first visit the page is not yet controlled by the service worker: name what it needs kept.
function keepForOffline() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then((registration) => {
    const loaded = performance.getEntriesByType('resource').map((entry) => entry.name)
      .filter((url) => new URL(url).pathname.startsWith('/static/'));
    registration.active?.postMessage({ keep: [location.href, host.dataset.formUrl, ...loaded] });
  });
}

async function start() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(host.dataset.swUrl, { scope: host.dataset.scope }).catch(() => {});
  }
  let formXml;
  try {
    const response = await fetch(host.dataset.formUrl, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(String(response.status));
    formXml = await response.text();
  } catch (error) {
    say('failed');
    return;
  }
  const app = createApp({ render: () => h(OdkWebForm, { formXml, onSubmit }) });
  app.use(webFormsPlugin);
  app.mount(host);
  say(navigator.onLine ? 'online' : 'offline');
  keepForOffline();
  await showCount();
  await flush();
}

window.addEventListener('online', () => {
  say('online');
  flush();
});
window.addEventListener('offline', () => say('offline'));
setInterval(flush, 30000);
start();
