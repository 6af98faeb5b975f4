/* loopstep
title = "fs.promises with await: a FileHandle"
teaches = "With fs.promises each call returns a promise that the same pool request resolves; await parks the async function until the loop runs that promise's reaction, and a FileHandle wraps the fd."
backend = "epoll"
workers = "pool"
pool_size = 4

[files]
"notes.txt" = "first line\nsecond line\n"

[[notes]]
line = 29
text = "fsp.open submits an open request just like fs.open, but instead of a callback it returns a promise. await suspends main() here; the main script goes on (and prints 'main() is waiting')."

[[notes]]
at = "microtask_queue"
text = "The open came back: Node resolves the promise with a FileHandle, and the rest of main() runs as a microtask, right after the poll-phase callback that resolved it."

[[notes]]
line = 38
text = "A FileHandle must be closed: handle.close() is one more request to the pool, and one more await."
*/
// The promise API: each fs.promises call makes the same request to libuv as its callback
// form, and resolves a promise when the request comes back. `await` suspends the async
// function until then; the code after it runs as a microtask.
const fsp = require('fs').promises;

async function main() {
  const handle = await fsp.open('notes.txt', 'r');      // a FileHandle, not a number
  console.log('opened: a', handle.constructor.name, 'whose fd is a', typeof handle.fd);

  const { bytesRead, buffer } = await handle.read(Buffer.alloc(10), 0, 10, 0);
  console.log('read', bytesRead, 'bytes:', JSON.stringify(buffer.toString()));

  const stats = await handle.stat();
  console.log('the file has', stats.size, 'bytes');

  await handle.close();
  console.log('closed');

  // readFile, writeFile, appendFile... work on paths too.
  await fsp.appendFile('notes.txt', 'third line\n');
  const text = await fsp.readFile('notes.txt', 'utf8');
  console.log(text.split('\n').filter(Boolean).length, 'lines now, the last:', text.trim().split('\n').pop());
}

main().then(() => console.log('main() is done'));
console.log('main() is waiting for its first await; the main script ends here');
