import { expect, test } from 'vitest';
import { DENO_KERNEL_COMMAND, STARTER_INSTALL_COMMANDS } from '../../../src/kit/starter/install-commands.js';
import { starterReadme } from '../../../src/kit/starter/starter-readme.js';

const readme = starterReadme([
  { lang: 'en', path: 'en/04-tcp-echo.ipynb', title: 'TCP echo over IPv4' },
  { lang: 'es', path: 'es/04-tcp-echo.ipynb', title: 'Eco TCP sobre IPv4' },
]);

test('starterReadme() lists each language’s notebooks in its own section', () => {
  const [english, spanish] = readme.split('## Español') as [string, string];
  expect(english).toContain('- `en/04-tcp-echo.ipynb`: TCP echo over IPv4');
  expect(english).not.toContain('es/04-tcp-echo.ipynb');
  expect(spanish).toContain('- `es/04-tcp-echo.ipynb`: Eco TCP sobre IPv4');
  expect(spanish).not.toContain('en/04-tcp-echo.ipynb');
});

test('starterReadme() gives the install commands as one shell block in both languages, Deno as an option', () => {
  const block = `\`\`\`sh\n${STARTER_INSTALL_COMMANDS.join('\n')}\n\`\`\``;
  expect(readme.split(block)).toHaveLength(3);
  expect(STARTER_INSTALL_COMMANDS[0]).toBe('npm install');
  expect(readme.split(DENO_KERNEL_COMMAND)).toHaveLength(3);
});

test('starterReadme() says where the self-check is, in both languages', () => {
  expect(readme).toContain('`// ✔ Tests of exercise`, is the self-check');
  expect(readme).toContain('`// ✔ Pruebas del ejercicio`, es la autoevaluación');
});
