// Starts telegram-test-api on PORT+1 and a small compatibility proxy on PORT (loopback only).
//
// The proxy fixes the deviations from the real Bot API listed in STACK-NOTES, so python-telegram-bot
// talks to it unchanged: getMe lacks is_bot; users lack is_bot; dates are in milliseconds;
// editMessageText returns null; callback queries lack chat_instance; getUpdates ignores `timeout`
// (we hold the request up to 1 s so a long-polling bot does not spin); user messages lack `date`.
// Client routes pass through.
//
// usage: node launcher.js PORT
"use strict";
const http = require("http");
const TelegramServer = require("telegram-test-api");

const host = "127.0.0.1";
const port = Number(process.argv[2] || 9000);
const innerPort = port + 1;

function fix(value, key) {
  if (Array.isArray(value)) return value.map((v) => fix(v));
  if (value === null || typeof value !== "object") {
    if (key === "date" && typeof value === "number" && value > 1e11) return Math.floor(value / 1000);
    return value;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = fix(v, k);
  if ("first_name" in out && "id" in out && !("is_bot" in out) && !("type" in out)) out.is_bot = false;
  if (key === "chat" && !("type" in out)) out.type = "private";
  if (key === "message" && !("date" in out)) out.date = Math.floor(Date.now() / 1000);  // user messages have none
  if (key === "callback_query" && !("chat_instance" in out)) out.chat_instance = "e2e";
  return out;
}

function forward(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port: innerPort, method, path, headers }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function handle(req, res) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const match = /^\/bot[^/]+\/(\w+)/.exec(req.url);
  const method = match ? match[1] : null;
  let answer = await forward(req.method, req.url, req.headers, body);
  if (method === "getUpdates") {
    for (let i = 0; i < 10 && answer.status === 200 && JSON.parse(answer.body).result.length === 0; i++) {
      await sleep(100);
      answer = await forward(req.method, req.url, req.headers, body);
    }
  }
  let payload = answer.body;
  if (method && answer.status === 200) {
    const parsed = JSON.parse(answer.body.toString() || "null");
    if (method === "getMe") parsed.result.is_bot = true;
    if (method === "editMessageText" && parsed.result == null) parsed.result = true;
    payload = Buffer.from(JSON.stringify(fix(parsed)));
  }
  res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": payload.length });
  res.end(payload);
}

(async () => {
  const inner = new TelegramServer({ port: innerPort, host, storeTimeout: 600 });
  await inner.start();
  http.createServer((req, res) => handle(req, res).catch((e) => {
    res.writeHead(502);
    res.end(String(e));
  })).listen(port, host, () => console.log(`telegram-test-api ready on ${host}:${port}`));
})();
