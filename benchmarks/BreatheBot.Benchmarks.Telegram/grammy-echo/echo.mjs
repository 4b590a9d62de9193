// B8 peer baseline: the minimal grammY echo bot (grammY's own long-polling loop, bot.start()), pointed at the
// loopback fake Bot API. Usage: node echo.mjs <apiRoot> <token>. Prints "ready" once polling has started.
import { Bot } from "grammy";

const [apiRoot, token] = process.argv.slice(2);
const bot = new Bot(token, { client: { apiRoot } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.catch((err) => console.error("handler error:", err.error?.message ?? err.message));

process.on("SIGTERM", () => bot.stop());
process.on("SIGINT", () => bot.stop());

await bot.start({
  allowed_updates: ["message"],
  timeout: 1,
  onStart: () => console.log("ready"),
});
