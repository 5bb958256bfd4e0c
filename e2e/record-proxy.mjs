// A recording reverse proxy for the e2e run: the browser talks to it, it talks to the console,
// and every response body (headers included) is appended to a file, so scripts/e2e can prove no
// key of the run ever reached the browser. It asks the console for uncompressed bodies, so the
// record is plain text.
//
// Usage: node record-proxy.mjs <listen-port> <console-url> <record-file>
import * as fs from 'node:fs';
import * as http from 'node:http';

const [listenPort, target, recordFile] = process.argv.slice(2);
if (!listenPort || !target || !recordFile) {
  console.error('usage: node record-proxy.mjs <listen-port> <console-url> <record-file>');
  process.exit(2);
}
const upstream = new URL(target);
const record = fs.createWriteStream(recordFile, { flags: 'a' });

const server = http.createServer((request, response) => {
  const headers = { ...request.headers, host: upstream.host };
  delete headers['accept-encoding'];
  const forward = http.request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers,
    },
    (reply) => {
      record.write(`\n=== ${request.method} ${request.url} -> ${reply.statusCode}\n`);
      for (const [name, value] of Object.entries(reply.headers)) {
        record.write(`${name}: ${value}\n`);
      }
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.on('data', (chunk) => {
        record.write(chunk);
        response.write(chunk);
      });
      reply.on('end', () => response.end());
    },
  );
  forward.on('error', (error) => {
    record.write(`\n=== ${request.method} ${request.url} -> proxy error ${error.message}\n`);
    response.writeHead(502);
    response.end();
  });
  request.pipe(forward);
});
server.listen(Number(listenPort), '127.0.0.1');
