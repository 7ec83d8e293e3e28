// The platforms' own npm SDKs, driven from the functional tests (test_platform_sdks.py): one
// JSON request on stdin ({"op": ..., ...}), one JSON answer on stdout. Each op either makes the
// send-API call the SDK itself makes (against a local stub) or signs / encrypts / verifies a
// callback the way the SDK does, so linli's traffic can be compared with the SDK's.
'use strict';

const crypto = require('crypto');

// The SDKs log to stdout (the Feishu one even below its level): stdout is the answer's alone.
console.log = console.info = console.debug = console.error;

// Every call an SDK makes goes to a stub on this machine, never to the platform's own host.
function loopback(base) {
  const host = new URL(base).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new Error('not a loopback stub: ' + base);
  return base;
}

const ops = {
  // @slack/web-api: WebClient.chat.postMessage against slackApiUrl (the stub).
  async 'slack.post'(r) {
    const { WebClient } = require('@slack/web-api');
    const client = new WebClient(r.token, {
      slackApiUrl: loopback(r.api_base) + '/',
      retryConfig: { retries: 0 },
      logLevel: 'error',
    });
    const answer = await client.chat.postMessage(r.args);
    return { ok: answer.ok };
  },

  // @slack/bolt: whether the signature headers match the body under the signing secret.
  async 'slack.verify'(r) {
    const { isValidSlackRequest } = require('@slack/bolt');
    return {
      valid: isValidSlackRequest({
        signingSecret: r.secret,
        body: r.body,
        headers: {
          'x-slack-signature': r.signature,
          'x-slack-request-timestamp': Number(r.timestamp),
        },
        logger: { error() {}, warn() {}, info() {}, debug() {}, setLevel() {}, getLevel() {}, setName() {} },
      }),
    };
  },

  // A Feishu event callback as Feishu sends it with an encrypt key: the body {"encrypt": ...}
  // (AES-256-CBC, key = SHA-256 of the encrypt key, a random IV before the ciphertext) and
  // X-Lark-Signature = sha256(timestamp + nonce + encrypt key + body). The SDK exports only the
  // receiving half: its AESCipher must decrypt the body back, and the test has the request
  // checked by feishu.verify (events) or feishu.challenge (the URL check).
  async 'feishu.encrypt'(r) {
    const lark = require('@larksuiteoapi/node-sdk');
    const key = crypto.createHash('sha256').update(r.encrypt_key).digest();
    const iv = crypto.randomBytes(16);
    const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
    const plain = JSON.stringify(r.event);
    const encrypt = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
    if (new lark.AESCipher(r.encrypt_key).decrypt(encrypt) !== plain) throw new Error('AESCipher disagrees');
    const body = JSON.stringify({ encrypt });
    const timestamp = String(r.timestamp);
    const nonce = crypto.randomBytes(8).toString('hex');
    const signature = crypto.createHash('sha256').update(timestamp + nonce + r.encrypt_key + body).digest('hex');
    const headers = {
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature,
    };
    return { body, headers };
  },

  // @larksuiteoapi/node-sdk generateChallenge: what the SDK answers Feishu's URL check with.
  async 'feishu.challenge'(r) {
    const lark = require('@larksuiteoapi/node-sdk');
    const { isChallenge, challenge } = lark.generateChallenge(JSON.parse(r.body), { encryptKey: r.encrypt_key });
    return { answer: isChallenge ? challenge : null };
  },

  // @larksuiteoapi/node-sdk EventDispatcher: the event it hands to a handler, or null where its
  // signature check refuses the request.
  async 'feishu.verify'(r) {
    const lark = require('@larksuiteoapi/node-sdk');
    const dispatcher = new lark.EventDispatcher({ encryptKey: r.encrypt_key, loggerLevel: lark.LoggerLevel.fatal });
    dispatcher.register({ 'im.message.receive_v1': async (data) => data });
    // As the SDK's own adapters build it: the headers on the prototype, the body's keys on top.
    const data = Object.assign(Object.create({ headers: r.headers }), JSON.parse(r.body));
    const event = await dispatcher.invoke(data);
    return { event: event && typeof event === 'object' ? event : null };
  },

  // @larksuiteoapi/node-sdk Client.im.message.create against the stub, with the tenant token the
  // SDK fetches itself for a self-built app.
  async 'feishu.send'(r) {
    const lark = require('@larksuiteoapi/node-sdk');
    const client = new lark.Client({
      appId: r.app_id,
      appSecret: r.app_secret,
      appType: lark.AppType.SelfBuild,
      domain: loopback(r.api_base),
      loggerLevel: lark.LoggerLevel.fatal,
    });
    const answer = await client.im.message.create({ params: r.params, data: r.data });
    return { code: answer.code };
  },

  // telegraf's Telegram client (apiRoot at the stub): sendMessage with its extra fields.
  async 'telegram.send'(r) {
    const { Telegram } = require('telegraf');
    const telegram = new Telegram(r.token, { apiRoot: loopback(r.api_base) });
    const message = await telegram.sendMessage(r.chat_id, r.text, r.extra);
    return { message_id: message.message_id };
  },
};

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const request = JSON.parse(input);
  try {
    const answer = await ops[request.op](request);
    process.stdout.write(JSON.stringify(answer) + '\n');
  } catch (e) {
    process.stderr.write(String((e && e.stack) || e) + '\n');
    process.exit(1);
  }
});
