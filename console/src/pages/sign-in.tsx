import { useState } from 'preact/hooks';
import type { Translate } from '../i18n';

/** The API key form; rendered before there is an App context. */
export function SignInPage({ t, error, onSubmit }: { t: Translate; error: string | null; onSubmit: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="sign-in card"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) onSubmit(key.trim());
      }}
    >
      <h1>{t('app.title')}</h1>
      <p class="muted">{t('app.province')}</p>
      <h2>{t('signIn.title')}</h2>
      <p>{t('signIn.hint')}</p>
      <label>
        {t('signIn.key')}
        <input type="password" name="key" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="bkh_…" />
      </label>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit">{t('signIn.submit')}</button>
    </form>
  );
}
