import type { FastifyReply } from 'fastify'
import type { ConnectChooseView, ConnectFormView, ConnectResult } from '../../engine'
import { esc, scriptJson, sendPage } from './html'
import { schemaFields } from './schema-form'

const ACCENT = '#4f46e5'

function brand(integration: { name: string; logoUri: string }, customerName: string): string {
  return `<div class="brand"><img src="${esc(integration.logoUri)}" alt=""><div><h1>Connect ${esc(integration.name)}</h1>${
    customerName ? `<div class="who">for ${esc(customerName)}</div>` : ''
  }</div></div>`
}

/** The form asking for an auth option's input (API key, username and password ...). */
export function sendConnectForm(reply: FastifyReply, view: ConnectFormView): FastifyReply {
  return sendPage(
    reply,
    view.errors.length || view.message ? 422 : 200,
    { title: `Connect ${view.integration.name}`, accent: ACCENT },
    () => `
<div class="card">
  ${brand(view.integration, view.customerName)}
  <p>${esc(view.option.description ?? `Enter your ${view.option.title} to ${view.reconnecting ? 'reconnect' : 'connect'}.`)}</p>
  ${view.message ? `<div class="banner error" role="alert">${esc(view.message)}</div>` : ''}
  <form method="post" action="/connect/submit" autocomplete="off" novalidate>
    <input type="hidden" name="state" value="${esc(view.state)}">
    ${schemaFields(view.option.inputSchema, view.values, view.errors)}
    <div class="actions"><button class="primary" type="submit">${view.reconnecting ? 'Reconnect' : 'Connect'}</button></div>
  </form>
</div>
<footer>Integration Workbench · your input is encrypted before it is stored</footer>`
  )
}

/** The choice between several ways to connect. */
export function sendConnectChooser(reply: FastifyReply, view: ConnectChooseView): FastifyReply {
  const options = view.options
    .map(
      (o) =>
        `<button class="option" type="submit" name="option" value="${esc(o.key)}"><strong>${esc(o.title)}</strong>${o.description ? `<div class="hint">${esc(o.description)}</div>` : ''}</button>`
    )
    .join('')
  return sendPage(
    reply,
    200,
    { title: `Connect ${view.integration.name}`, accent: ACCENT },
    () => `
<div class="card">
  ${brand(view.integration, view.customerName)}
  <p>How do you want to connect?</p>
  <form method="post" action="/connect/choose"><input type="hidden" name="state" value="${esc(view.state)}">${options}</form>
</div>`
  )
}

/**
 * The last page: posts the result to the window that opened the connect flow (popup opener or
 * iframe parent), or sends the browser back to the app's `redirectUri`, then closes a popup.
 */
export function sendConnectResult(reply: FastifyReply, result: ConnectResult): FastifyReply {
  const ok = result.message.type === 'newConnectionCreated'
  const text = ok
    ? `Connected${result.integrationName ? ` to ${result.integrationName}` : ''}.`
    : result.message.type === 'newConnectionFailure'
      ? result.message.error
      : ''
  let redirect: string | undefined
  if (result.redirectUri) {
    const url = new URL(result.redirectUri)
    if (result.message.type === 'newConnectionCreated')
      url.searchParams.set('connectionId', result.message.connection.id)
    else url.searchParams.set('error', result.message.error)
    redirect = url.toString()
  }
  const data = { message: result.message, targetOrigin: result.targetOrigin, redirect }
  return sendPage(
    reply,
    ok ? 200 : 400,
    { title: ok ? 'Connected' : 'Connection failed', accent: ACCENT },
    (nonce) => `
<div class="card">
  <h1>${ok ? 'Connected' : 'Could not connect'}</h1>
  <div class="banner ${ok ? 'ok' : 'error'}" role="status" id="outcome">${esc(text)}</div>
  <p class="muted" id="next">${ok ? 'You can close this window.' : 'Close this window and try again from the app.'}</p>
</div>
<script type="application/json" id="connect-result">${scriptJson(data)}</script>
<script nonce="${nonce}">
(function () {
  var data = JSON.parse(document.getElementById('connect-result').textContent);
  var target = window.opener || (window.parent !== window ? window.parent : null);
  if (target) {
    try { target.postMessage(data.message, data.targetOrigin); } catch (e) { target.postMessage(data.message, '*'); }
    if (window.opener) setTimeout(function () { window.close(); }, 800);
  } else if (data.redirect) {
    window.location.replace(data.redirect);
  }
})();
</script>`
  )
}
