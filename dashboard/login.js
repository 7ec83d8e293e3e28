// The login page: posts the form and shows why a login was refused.
import { apply, t, toggleLanguage } from './i18n.js';

apply();
document.getElementById('lang').addEventListener('click', () => { toggleLanguage(); apply(); });

const form = document.getElementById('login');
const error = document.getElementById('error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const body = new URLSearchParams(new FormData(form));
  const answer = await fetch('/dash/login', { method: 'POST', body, redirect: 'follow' });
  if (answer.ok && answer.redirected) {
    location.href = '/dash/';
    return;
  }
  error.textContent = answer.status === 429 ? t('locked') : t('wrong');
  error.hidden = false;
});
