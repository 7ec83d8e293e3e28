// Starts telegram-test-api (an independent Telegram Bot API emulator) on the port given, and
// prints "ready" once it listens. The functional tests drive it over HTTP:
//   POST /bot<token>/setWebhook {"url"}   where updates go (linli's webhook)
//   POST /sendMessage {botToken, from, chat, text, date}   a user speaks; delivered to the webhook
//   POST /getUpdates {token, chatId}      what the bot sent with sendMessage
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(() => console.log('ready'));
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
