// Starts telegram-test-api (an independent Telegram Bot API emulator) on the port given, and
// prints "ready" once it listens. The functional tests drive it over HTTP:
//   POST /bot<token>/setWebhook {"url", "secret_token"}   where updates go (linli's webhook); the
//                                         secret_token travels as Telegram sends it, in a header
//   POST /sendMessage {botToken, from, chat, text, date}   a user speaks; delivered to the webhook
//   POST /getUpdates {token, chatId}      what the bot sent with sendMessage
const TelegramServer = require('telegram-test-api');
// telegram-test-api keeps setWebhook's secret_token but does not send it: add the header the
// real Bot API sends (X-Telegram-Bot-Api-Secret-Token) to each webhook call.
const axios = require('axios');

const secrets = new Map();  // webhook url -> secret_token
const setWebhook = TelegramServer.prototype.setWebhook;
TelegramServer.prototype.setWebhook = function (webhook, botToken) {
  if (webhook.secret_token) secrets.set(webhook.url, webhook.secret_token);
  return setWebhook.call(this, webhook, botToken);
};
axios.interceptors.request.use((request) => {
  const secret = secrets.get(request.url);
  if (secret) request.headers['X-Telegram-Bot-Api-Secret-Token'] = secret;
  return request;
});

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(() => console.log('ready'));
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
