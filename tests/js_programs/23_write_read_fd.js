// fs.open 'w+', fs.write of a string and a Buffer, fs.read from position 0, fs.close.
const fs = require('fs');
fs.open('rw.txt', 'w+', (err, fd) => {
  fs.write(fd, 'text, ', (err, written, str) => {
    console.log('wrote', written, 'bytes of', JSON.stringify(str));
    fs.write(fd, Buffer.from('then bytes'), (err, written, buf) => {
      console.log('wrote', written, 'bytes from a', buf.constructor.name);
      fs.write(fd, 'X', 0, (err, written) => {
        console.log('wrote', written, 'at position 0');
        const b = Buffer.alloc(64);
        fs.read(fd, b, 0, 64, 0, (err, n) => {
          console.log('read back', n, 'bytes:', b.toString('utf8', 0, n));
          fs.close(fd, () => console.log('closed; file:', fs.readFileSync('rw.txt', 'utf8')));
        });
      });
    });
  });
});
