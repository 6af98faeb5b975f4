/* loopstep
[files]
"data.txt" = "hello, buffers\n"
*/
// typeof fd, Buffers: read into a Buffer, toString, length, slices, positions.
const fs = require('fs');
fs.open('data.txt', 'r', (err, fd) => {
  console.log('typeof fd:', typeof fd, 'integer?', Number.isInteger(fd));
  const buf = Buffer.alloc(32);
  fs.read(fd, buf, 0, 5, 0, (err, n, b) => {
    console.log('read', n, 'bytes; same buffer?', b === buf, 'length', b.length);
    console.log('as text:', b.toString('utf8', 0, n), '| hex:', b.subarray(0, n).toString('hex'));
    fs.read(fd, buf, 0, 32, 7, (err, n) => {
      console.log('from position 7:', n, 'bytes:', JSON.stringify(buf.toString('utf8', 0, n)));
      fs.read(fd, buf, 0, 32, 100, (err, n) => {
        console.log('past the end:', n, 'bytes');
        fs.close(fd, (err) => console.log('close err', err));
      });
    });
  });
});
