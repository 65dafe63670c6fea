const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The queue board's sign-in form: Vietnamese first, English below; no script, no outside resource. */
export function signInPage(message: string | null): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hàng đợi đồng bộ / Sync queue</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222}
input{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}button{padding:.5rem 1rem}.err{color:#a00}</style></head>
<body><h1>Hàng đợi đồng bộ <small>/ Sync queue</small></h1>
<p>Đăng nhập bằng khóa API có vai trò vận hành (operator) hoặc quản trị (admin).<br><small>Sign in with an operator or admin API key.</small></p>
${message ? `<p class="err">${escape(message)}</p>` : ''}
<form method="post" action="/queues/sign-in"><label>Khóa API / API key<input type="password" name="key" autocomplete="off" required></label>
<button type="submit">Đăng nhập / Sign in</button></form></body></html>`;
}
