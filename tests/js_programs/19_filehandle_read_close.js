/* loopstep
[files]
"book.txt" = "chapter one\nchapter two\n"
*/
// fs.promises.open gives a FileHandle: read, write, stat, close, each awaited.
const fsp = require('fs').promises;
(async () => {
  const fh = await fsp.open('book.txt', 'r');
  console.log('FileHandle?', fh.constructor.name, 'fd is a', typeof fh.fd);
  const buf = Buffer.alloc(7);
  let r = await fh.read(buf, 0, 7, 0);
  console.log('read', r.bytesRead, JSON.stringify(r.buffer.toString()));
  r = await fh.read(buf, 0, 7, 12);
  console.log('read at 12:', r.bytesRead, JSON.stringify(buf.toString()));
  console.log('readFile on the handle, from where it is:', JSON.stringify(await fh.readFile('utf8')));
  await fh.close();
  console.log('closed; fd is now', fh.fd);

  const w = await fsp.open('out.txt', 'w');
  const { bytesWritten } = await w.write('written through a FileHandle');
  console.log('bytesWritten', bytesWritten);
  await w.close();
  console.log(await fsp.readFile('out.txt', 'utf8'));
})();
