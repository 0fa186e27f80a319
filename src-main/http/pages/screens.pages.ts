import type { FastifyReply } from 'fastify'
import type {
  ConnectScreenView,
  FieldMappingScreenView,
  FlowInstanceScreenView,
  IntegrationScreenView,
  ScreenIntegration
} from '../../engine'
import type { ConnectionRequestDto } from '../../contract/operations'
import { esc, scriptJson, sendPage } from './html'
import { schemaFields } from './schema-form'

/** The console's colours (styles/tokens.css), light and dark, for screens shown inside your app. */
const SCREEN_CSS = `<style>
:root{color-scheme:light;--bg:#f8f8fa;--surface:#fff;--surface-2:#f4f5f7;--border:#e4e6eb;--text:#17191e;--text-2:#555b68;--accent:#5753d6;--ok:#16794a;--ok-soft:#e6f5ec;--danger:#c8303a;--danger-soft:#fdeced}
:root[data-theme=dark]{color-scheme:dark;--bg:#0d0e11;--surface:#141519;--surface-2:#191b20;--border:#25282e;--text:#eceef2;--text-2:#a3a9b5;--accent:#7673f2;--ok:#4cc38a;--ok-soft:rgba(76,195,138,.12);--danger:#f0646e;--danger-soft:rgba(240,100,110,.12)}
body{background:var(--bg);color:var(--text);font-size:13.5px}
main{max-width:640px;margin:24px auto}
.card{background:var(--surface);border-color:var(--border);box-shadow:none;border-radius:10px;padding:22px}
.bar{display:flex;align-items:center;justify-content:space-between;margin-bottom:14px}
.bar .crumb{color:var(--text-2);font-size:12.5px}
.brand .who,.muted,.hint{color:var(--text-2)}
button,.button{border-radius:7px;padding:7px 14px;font-size:13.5px}
button.secondary,.button.secondary{background:var(--surface);color:var(--text);border-color:var(--border)}
button:focus-visible,.button:focus-visible,a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.rows{list-style:none;padding:0;margin:8px 0 0;border:1px solid var(--border);border-radius:8px}
.rows li{display:flex;align-items:center;gap:12px;padding:10px 12px;border-top:1px solid var(--border)}
.rows li:first-child{border-top:none}
.rows .grow{flex:1;min-width:0}
.rows img{width:28px;height:28px;border-radius:7px}
.pill{font-size:11.5px;border-radius:999px;padding:2px 8px;background:var(--surface-2);color:var(--text-2);white-space:nowrap}
.pill.ok{background:var(--ok-soft);color:var(--ok)}
.pill.bad{background:var(--danger-soft);color:var(--danger)}
.banner.ok{background:var(--ok-soft);border-color:transparent;color:var(--ok)}
.banner.error{background:var(--danger-soft);border-color:transparent;color:var(--danger)}
input[type=text],input[type=password],input[type=number],input[type=email],input[type=url],select,textarea{background:var(--surface);color:var(--text);border-color:var(--border)}
a{color:var(--accent)}
form.inline{display:inline;margin:0}
</style>`

/** What every screen's script gets: its data, and the parent window it talks to. */
interface ScreenData {
  theme?: string
  [key: string]: unknown
}

/**
 * The script every screen runs: the child side of the SDK's iframe protocol (penpal 6: syn,
 * synAck, ack, then calls), `handshake()` as soon as the parent answers, a Close button, and
 * `openConnect(payload, onDone)` which runs the engine's connect flow in a popup and reports
 * the result the popup posts back.
 */
const SCREEN_RUNTIME = `
var data = JSON.parse(document.getElementById('screen-data').textContent);
if (data.theme === 'dark' || (data.theme !== 'light' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches)) document.documentElement.setAttribute('data-theme', 'dark');
var parentApi = null, pending = {}, seq = 0, queued = [];
function callParent(name, args) {
  return new Promise(function (resolve) {
    if (!parentApi) { queued.push([name, args, resolve]); return; }
    if (parentApi.methods.indexOf(name) < 0) return resolve();
    var id = 'w' + (++seq) + '-' + Math.random().toString(36).slice(2);
    pending[id] = resolve;
    window.parent.postMessage({ penpal: 'call', id: id, methodName: name, args: args || [] }, parentApi.origin);
  });
}
var framed = window.parent !== window;
if (framed) {
  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data || typeof event.data.penpal !== 'string') return;
    var m = event.data;
    if (m.penpal === 'synAck' && !parentApi) {
      parentApi = { origin: event.origin === 'null' ? '*' : event.origin, methods: m.methodNames || [] };
      window.parent.postMessage({ penpal: 'ack', methodNames: [] }, parentApi.origin);
      callParent('handshake', []);
      queued.splice(0).forEach(function (q) { callParent(q[0], q[1]).then(q[2]); });
    } else if (m.penpal === 'reply' && pending[m.id]) {
      pending[m.id](m.returnValue); delete pending[m.id];
    } else if (m.penpal === 'call' && parentApi) {
      window.parent.postMessage({ penpal: 'reply', id: m.id, resolution: 'rejected', returnValue: { name: 'Error', message: 'This screen exposes no methods.' }, returnValueIsError: true }, parentApi.origin);
    }
  });
  window.parent.postMessage({ penpal: 'syn' }, '*');
}
function closeScreen() {
  if (framed && parentApi) callParent('close', []);
  else if (window.opener) window.close();
}
document.querySelectorAll('[data-close]').forEach(function (b) {
  if (!framed && !window.opener) b.style.display = 'none';
  b.addEventListener('click', closeScreen);
});
function say(el, text, kind) {
  el.textContent = text; el.className = 'banner ' + kind; el.hidden = false;
}
function openConnect(payload, onDone) {
  var name = 'workbench-connect-' + payload.requestId;
  var popup = window.open('about:blank', name, 'popup,width=560,height=720');
  if (!popup) { onDone({ type: 'blocked' }); return; }
  var form = document.createElement('form');
  form.method = 'POST'; form.action = '/connect'; form.target = name; form.hidden = true;
  var field = document.createElement('input');
  field.type = 'hidden'; field.name = 'payload'; field.value = JSON.stringify(payload);
  form.appendChild(field); document.body.appendChild(form); form.submit(); form.remove();
  var finished = false;
  function onMessage(event) {
    var m = event.data;
    if (!m || m.source !== 'integration.app' || m.requestId !== payload.requestId) return;
    finished = true; window.removeEventListener('message', onMessage); clearInterval(watch);
    onDone(m);
  }
  window.addEventListener('message', onMessage);
  var watch = setInterval(function () {
    if (popup.closed && !finished) { clearInterval(watch); window.removeEventListener('message', onMessage); onDone({ type: 'closed' }); }
  }, 500);
}
function connectOutcome(m, status) {
  if (m.type === 'newConnectionCreated') { say(status, 'Connected to ' + (m.connection && m.connection.name ? m.connection.name : 'the app') + '.', 'ok'); return true; }
  if (m.type === 'newConnectionFailure') say(status, m.error || 'The connection could not be made.', 'error');
  else if (m.type === 'blocked') say(status, 'The browser blocked the connect window. Allow pop-ups for this page and try again.', 'error');
  else if (m.type === 'closed') say(status, 'The connect window was closed before connecting; nothing changed.', 'error');
  return false;
}
`

function sendScreen(
  reply: FastifyReply,
  status: number,
  title: string,
  data: ScreenData,
  body: string,
  script: string
): FastifyReply {
  return sendPage(
    reply,
    status,
    { title, accent: '#5753d6', head: SCREEN_CSS, referrerPolicy: 'same-origin' },
    (nonce) => `${body}
<script type="application/json" id="screen-data">${scriptJson(data)}</script>
<script nonce="${nonce}">
(function () {
${SCREEN_RUNTIME}
${script}
})();
</script>`
  )
}

function bar(crumb: string): string {
  return `<div class="bar"><span class="crumb">${esc(crumb)}</span><button type="button" class="secondary" data-close>Close</button></div>`
}

function connectionPill(integration: ScreenIntegration): string {
  if (!integration.connection) return '<span class="pill">Not connected</span>'
  return integration.connection.connected
    ? `<span class="pill ok">Connected · ${esc(integration.connection.name)}</span>`
    : `<span class="pill bad">Disconnected · ${esc(integration.connection.name)}</span>`
}

/** `client.ui.connect()`, `openNewConnection()`: the integration(s) to connect, each opening the connect flow. */
export function sendConnectScreen(reply: FastifyReply, view: ConnectScreenView, theme?: string): FastifyReply {
  const single = view.integrations.length === 1
  const rows = view.integrations
    .map(
      (
        i
      ) => `<li><img src="${esc(i.logoUri)}" alt=""><div class="grow"><strong>${esc(i.name)}</strong><div>${connectionPill(i)}</div></div>
<button type="button" class="primary" data-connect="${esc(i.key)}">${i.connection ? 'Connect again' : 'Connect'}</button></li>`
    )
    .join('')
  const body = `<div class="card">
${bar(`Integration Workbench · for ${view.customerName}`)}
<h1>${single ? `Connect ${esc(view.integrations[0].name)}` : 'Connect an app'}</h1>
<p class="muted">${single ? 'Sign in to the app in the window that opens; it closes by itself when you are done.' : 'Pick the app to connect.'}</p>
<div id="status" role="status" hidden></div>
${view.integrations.length ? `<ul class="rows">${rows}</ul>` : '<p class="muted">No integrations are set up in this workspace yet.</p>'}
</div>`
  const script = `
var status = document.getElementById('status');
document.querySelectorAll('[data-connect]').forEach(function (button) {
  button.addEventListener('click', function () {
    var payload = Object.assign({}, data.payload, { integrationKey: button.getAttribute('data-connect'), requestId: data.payload.requestId + '-' + Date.now() });
    status.hidden = true;
    openConnect(payload, function (m) {
      if (connectOutcome(m, status)) callParent('onSuccess', [m.connection]).then(function () { return callParent('close', []); });
    });
  });
});`
  return sendScreen(reply, 200, 'Connect', { theme, payload: view.payload }, body, script)
}

/** `integration(k).open()`: the connection and the integration's flows, switched on or off, configured. */
export function sendIntegrationScreen(
  reply: FastifyReply,
  view: IntegrationScreenView,
  links: { token: string; theme?: string }
): FastifyReply {
  const i = view.integration
  const q = `token=${encodeURIComponent(links.token)}${links.theme ? `&theme=${encodeURIComponent(links.theme)}` : ''}`
  const flows = view.flows
    .map((f) => {
      const on = !!f.instance?.enabled
      const state = f.instance
        ? `<span class="pill ${f.instance.state === 'READY' ? (on ? 'ok' : '') : 'bad'}">${on ? 'On' : 'Off'}${f.instance.state === 'READY' ? '' : ` · ${esc(f.instance.state)}`}</span>`
        : '<span class="pill">Off</span>'
      const configure = !i.connection
        ? ''
        : f.instance && f.hasParameters
          ? `<a class="button secondary" href="/embed/flow-instances/${encodeURIComponent(f.instance.id)}/configuration?${q}">Configure</a>`
          : !f.instance && f.hasParameters
            ? `<a class="button primary" href="/embed/integrations/${encodeURIComponent(i.id)}/flows/${encodeURIComponent(f.key)}/configuration?${q}" aria-label="Set up ${esc(f.name)}">Set up</a>`
            : ''
      const toggle =
        i.connection && (f.instance || !f.hasParameters)
          ? `<form class="inline" method="post" action="/embed/integrations/${encodeURIComponent(i.id)}/flows/${encodeURIComponent(f.key)}">
<input type="hidden" name="token" value="${esc(links.token)}"><input type="hidden" name="theme" value="${esc(links.theme ?? '')}">
<input type="hidden" name="enabled" value="${on ? 'false' : 'true'}"><button type="submit" class="${on ? 'secondary' : 'primary'}" aria-label="${on ? 'Turn off' : 'Turn on'} ${esc(f.name)}">${on ? 'Turn off' : 'Turn on'}</button></form>`
          : ''
      return `<li><div class="grow"><strong>${esc(f.name)}</strong> ${state}${f.description ? `<div class="hint">${esc(f.description)}</div>` : ''}</div>${configure}${toggle}</li>`
    })
    .join('')
  const body = `<div class="card">
${bar(`Integration Workbench · for ${view.customerName}`)}
<div class="brand"><img src="${esc(i.logoUri)}" alt=""><div><h1>${esc(i.name)}</h1><div>${connectionPill(i)}</div></div></div>
<div id="status" role="status" hidden></div>
<div class="actions" style="margin-top:6px"><button type="button" class="${i.connection ? 'secondary' : 'primary'}" id="connect">${i.connection ? 'Reconnect' : 'Connect'}</button></div>
<h2>Flows</h2>
${
  view.flows.length
    ? `${i.connection ? '' : '<p class="muted">Connect first to turn flows on.</p>'}<ul class="rows">${flows}</ul>`
    : '<p class="muted">This integration has no flows yet.</p>'
}
${
  view.fieldMappings.length
    ? `<h2>Field mappings</h2><ul class="rows">${view.fieldMappings
        .map(
          (m) =>
            `<li><div class="grow"><strong>${esc(m.name)}</strong> <span class="pill">${m.customized ? 'Yours' : 'Default'}</span></div><a class="button secondary" href="/embed/field-mapping-instances/${encodeURIComponent(m.instanceId)}/configuration?${q}" aria-label="Edit ${esc(m.name)}">Edit</a></li>`
        )
        .join('')}</ul>`
    : ''
}
</div>`
  const script = `
var status = document.getElementById('status');
document.getElementById('connect').addEventListener('click', function () {
  openConnect(Object.assign({}, data.payload, { requestId: data.payload.requestId + '-' + Date.now() }), function (m) {
    if (connectOutcome(m, status)) window.location.reload();
  });
});`
  return sendScreen(reply, 200, i.name, { theme: links.theme, payload: view.payload }, body, script)
}

/** Flow instance configuration: the flow's parameters as a form, and whether it runs. */
export function sendFlowInstanceScreen(
  reply: FastifyReply,
  view: FlowInstanceScreenView,
  links: { token: string; theme?: string; back?: string }
): FastifyReply {
  const body = `<div class="card">
${bar(`Integration Workbench · for ${view.customerName}`)}
${links.back ? `<p><a href="${esc(links.back)}">← ${esc(view.integrationName ?? 'Back')}</a></p>` : ''}
<h1>${esc(view.flowName)}</h1>
<p class="muted">${view.integrationName ? `${esc(view.integrationName)} · ` : ''}${!view.instance ? 'Not set up yet' : view.instance.state === 'READY' ? 'Ready' : esc(view.instance.state)}</p>
${view.saved ? '<div class="banner ok" role="status">Saved.</div>' : ''}
${view.message ? `<div class="banner error" role="alert">${esc(view.message)}</div>` : ''}
<form method="post" action="${
    view.instance
      ? `/embed/flow-instances/${encodeURIComponent(view.instance.id)}/configuration`
      : `/embed/integrations/${encodeURIComponent(view.integrationKey ?? '')}/flows/${encodeURIComponent(view.flowKey)}/configuration`
  }" autocomplete="off" novalidate>
<input type="hidden" name="token" value="${esc(links.token)}"><input type="hidden" name="theme" value="${esc(links.theme ?? '')}">
<label class="check"><input type="checkbox" name="enabled"${!view.instance || view.instance.enabled ? ' checked' : ''}> Turned on</label>
${view.parametersSchema ? schemaFields(view.parametersSchema, view.values, view.errors, { autofocus: false }) : '<p class="muted">This flow has no settings.</p>'}
<div class="actions"><button class="primary" type="submit">Save</button></div>
</form>
</div>`
  return sendScreen(reply, view.errors.length ? 422 : 200, view.flowName, { theme: links.theme }, body, '')
}

/** Field mapping instance configuration: the customer's own expression for each field of your app. */
export function sendFieldMappingScreen(
  reply: FastifyReply,
  view: FieldMappingScreenView,
  links: { token: string; theme?: string }
): FastifyReply {
  const q = `token=${encodeURIComponent(links.token)}${links.theme ? `&theme=${encodeURIComponent(links.theme)}` : ''}`
  const action = `/embed/field-mapping-instances/${encodeURIComponent(view.instance.id)}/configuration`
  const hidden = `<input type="hidden" name="token" value="${esc(links.token)}"><input type="hidden" name="theme" value="${esc(links.theme ?? '')}">`
  const onField = view.errors.some((e) => view.fields.some((f) => e.path.startsWith(`importValue.${f.name}`)))
  const rows = view.fields
    .map((f, i) => {
      const id = `m_${i}`
      const problems = view.errors.filter(
        (e) => e.path === `importValue.${f.name}` || e.path.startsWith(`importValue.${f.name}.`)
      )
      const errorHtml = problems.map((e) => `<div class="field-error" id="${id}_err">${esc(e.message)}</div>`).join('')
      return `<div class="${problems.length ? 'invalid' : ''}"><label for="${id}">${esc(f.title)}${f.title !== f.name ? ` <span class="hint">(${esc(f.name)})</span>` : ''}</label>
<input type="text" id="${id}" name="field.${esc(f.name)}" value="${esc(f.text)}" spellcheck="false"${problems.length ? ` aria-invalid="true" aria-describedby="${id}_err"` : ''}>${errorHtml}</div>`
    })
    .join('\n')
  const body = `<div class="card">
${bar(`Integration Workbench · for ${view.customerName}`)}
<p><a href="/embed/integrations/${encodeURIComponent(view.integrationKey)}?${q}">← ${esc(view.integrationName)}</a></p>
<h1>${esc(view.instance.name)}</h1>
<p class="muted">${esc(view.integrationName)} · ${view.instance.customized ? 'Your own mapping' : 'The default mapping'}</p>
${view.saved === 'saved' ? '<div class="banner ok" role="status">Saved as your mapping.</div>' : ''}
${view.saved === 'reset' ? '<div class="banner ok" role="status">Back to the default mapping.</div>' : ''}
${view.message ? `<div class="banner error" role="alert">${esc(onField ? 'Nothing was saved: fix the field marked below.' : view.message)}</div>` : ''}
<p class="hint">For each field, write <code>$.field</code> to copy a field of the ${esc(view.integrationName)} record, <code>= expression</code> for a JSONata expression, or plain text for a fixed value; leave it empty to leave the field out. Fields of the record: ${esc(view.appFields.join(', ') || 'none known yet')}.</p>
<form method="post" action="${action}" autocomplete="off" novalidate>
${hidden}
${view.fields.length ? rows : '<p class="muted">Your app declares no fields for this mapping.</p>'}
<div class="actions"><button class="primary" type="submit" name="action" value="save">Save</button>
<button type="submit" class="secondary" name="action" value="reset">Reset to default</button></div>
</form>
</div>`
  return sendScreen(
    reply,
    view.errors.length || view.message ? 422 : 200,
    view.instance.name,
    { theme: links.theme },
    body,
    ''
  )
}

/** A connection request's page (`/screens/connections?connectionRequestId=`). */
export function sendConnectionRequestScreen(
  reply: FastifyReply,
  view: { request: ConnectionRequestDto; integrationName: string; token: string }
): FastifyReply {
  const { request } = view
  const done = request.status !== 'pending'
  const payload = {
    token: view.token,
    requestId: request.requestId,
    integrationKey: request.integrationKey,
    ...(request.connectionId ? { connectionId: request.connectionId } : {}),
    ...(request.name ? { name: request.name } : {}),
    ...(request.allowMultipleConnections ? { allowMultipleConnections: true } : {}),
    ...(request.redirectUri ? { redirectUri: request.redirectUri } : {})
  }
  const body = `<div class="card">
<h1>Connect ${esc(view.integrationName)}</h1>
${request.prompt ? `<p>${esc(request.prompt)}</p>` : '<p class="muted">An app asked to connect your account. Sign in in the window that opens.</p>'}
<div id="status" role="status"${done ? ` class="banner ${request.status === 'success' ? 'ok' : 'error'}"` : ' hidden'}>${
    done
      ? request.status === 'success'
        ? 'Connected.'
        : esc(request.resultError?.message ?? 'The connection could not be made.')
      : ''
  }</div>
${done ? '' : '<div class="actions"><button type="button" class="primary" id="connect">Connect</button></div>'}
</div>`
  const script = `
var status = document.getElementById('status'), button = document.getElementById('connect');
if (button) button.addEventListener('click', function () {
  openConnect(Object.assign({}, data.payload, { redirectUri: undefined }), function (m) {
    if (connectOutcome(m, status)) {
      button.remove();
      if (data.payload.redirectUri) { var u = new URL(data.payload.redirectUri); u.searchParams.set('connectionId', m.connection.id); window.location.assign(u.toString()); }
    }
  });
});`
  return sendScreen(reply, 200, `Connect ${view.integrationName}`, { payload }, body, script)
}

/** A screen that could not be shown: what went wrong, in the screen's look, with Close. */
export function sendScreenError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body = `<div class="card">
${bar('Integration Workbench')}
<h1>This screen cannot be shown</h1>
<div class="banner error" role="alert">${esc(message)}</div>
</div>`
  return sendScreen(reply, status, 'Cannot show this screen', {}, body, '')
}
