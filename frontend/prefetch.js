// Starts the first page's API calls while the WASM is still downloading and compiling, so no
// request waits for the app to start: the session and the accounts always; on a snapshot list
// opened by its address, the account's volumes (the table shows their names), and the list
// itself when it is a first page without a filter (the common landing). Each answer is read
// here too, as it arrives: the app takes its status, request id and bytes (frontend/src/api.rs,
// `get_json`) without waiting for the body once more, by the exact URL it would have asked
// for, at most once; one it never takes is dropped after a few seconds. Bytes, not text: the
// app parses UTF-8 as it came, where text would be decoded here and encoded again for the app
// (1,000 rows: some 20 ms). A file, not inline: the Content Security Policy allows only the
// console's own scripts.
(() => {
  // Must equal the console's default page size (frontend/src/list_view.rs, DEFAULT_PAGE_SIZE).
  const DEFAULT_LIMIT = '20';
  const urls = ['/api/v1/session', '/api/v1/accounts'];
  const list = /^\/accounts\/([a-z0-9_-]+)\/snapshots\/?$/.exec(location.pathname);
  if (list) {
    urls.push(`/api/v1/accounts/${list[1]}/volumes`);
    const params = new URLSearchParams(location.search);
    const limit = params.get('limit') ?? DEFAULT_LIMIT;
    const onlyLimit = [...params.keys()].every((key) => key === 'limit');
    // Only a limit the app would send as it is (1 to 1,000, no leading zero).
    const plain = /^[1-9][0-9]{0,3}$/.test(limit) && Number(limit) <= 1000;
    if (onlyLimit && params.getAll('limit').length <= 1 && plain) {
      urls.push(`/api/v1/accounts/${list[1]}/snapshots?limit=${limit}`);
    }
  }
  // Must equal shared::api::REQUEST_ID_HEADER.
  const REQUEST_ID_HEADER = 'x-request-id';
  const calls = {};
  for (const url of urls) {
    calls[url] = fetch(url, { headers: { accept: 'application/json' } }).then((response) =>
      response.arrayBuffer().then((body) => ({
        status: response.status,
        requestId: response.headers.get(REQUEST_ID_HEADER),
        bytes: new Uint8Array(body),
      })),
    );
    // A call the app never takes must not report an unhandled rejection.
    calls[url].catch(() => {});
  }
  window.snapdeckPrefetch = calls;
  setTimeout(() => {
    window.snapdeckPrefetch = {};
  }, 10000);
})();
