import type { Lang } from '../lang.js';
import { DENO_KERNEL_COMMAND, STARTER_INSTALL_COMMANDS, TSLAB_KERNEL_COMMAND_WINDOWS } from './install-commands.js';

/** A notebook of a starter, as its README lists it. */
export interface StarterNotebook {
  lang: Lang;
  /** Path inside the starter, with `/`: `en/04-tcp-echo.ipynb`. */
  path: string;
  /** The lesson's title. */
  title: string;
}

const INSTALL = STARTER_INSTALL_COMMANDS.join('\n');

function list(notebooks: readonly StarterNotebook[], lang: Lang): string {
  return notebooks.filter((notebook) => notebook.lang === lang).map((notebook) => `- \`${notebook.path}\`: ${notebook.title}`).join('\n');
}

function english(notebooks: readonly StarterNotebook[]): string {
  return `## English

The notebooks of socketbook, a course on network sockets in TypeScript:

${list(notebooks, 'en')}

They import the course library, \`socketbook/sockets\`, \`socketbook/figures\` and \`socketbook/check\`, from the
\`socketbook/\` folder beside them.

### Install, once

You need [Node.js](https://nodejs.org) 20.19 or newer and Python 3 with Jupyter
(\`python3 -m pip install jupyterlab\`). In this folder:

\`\`\`sh
${INSTALL}
\`\`\`

\`npm install\` installs the library and the tslab kernel into \`node_modules/\`; the second line registers
that kernel with Jupyter as *TypeScript*. On Windows, in PowerShell, the second line is
\`${TSLAB_KERNEL_COMMAND_WINDOWS}\`. \`npm install\` keeps only what runs on your computer (about 45 MB):
if you copy the folder to another one, run \`npm install\` there again.

The notebooks also run on Deno's kernel, if you prefer: install [Deno](https://deno.com), then run
\`${DENO_KERNEL_COMMAND}\` once (after \`npm install\`, which Deno needs too) and pick *Deno*.

With GitHub Codespaces or VS Code's Dev Containers, \`.devcontainer/\` does all of this for you.

### Open a notebook

\`jupyter lab\` in this folder, then open a notebook and pick the *TypeScript* kernel. In VS Code, open the
\`.ipynb\` file (with the Jupyter extension) and choose *TypeScript* in the kernel picker.

Run the cells in order, top to bottom.

### Check your answers

Each exercise is a cell that starts with \`// ✎ Exercise\` and says what it is worth. The cell right below it,
\`// ✔ Tests of exercise\`, is the self-check: run it after your answer and it prints which tests passed and
a hint when one failed. Some points are checked by hidden tests only when your notebook is graded; the
self-check says how many. Hand in the \`.ipynb\` file.
`;
}

function spanish(notebooks: readonly StarterNotebook[]): string {
  return `## Español

Los cuadernos de socketbook, un curso de sockets de red en TypeScript:

${list(notebooks, 'es')}

Importan la biblioteca del curso, \`socketbook/sockets\`, \`socketbook/figures\` y \`socketbook/check\`, de la
carpeta \`socketbook/\` que está a su lado.

### Instalación, una sola vez

Necesitas [Node.js](https://nodejs.org) 20.19 o posterior y Python 3 con Jupyter
(\`python3 -m pip install jupyterlab\`). En esta carpeta:

\`\`\`sh
${INSTALL}
\`\`\`

\`npm install\` instala la biblioteca y el kernel tslab en \`node_modules/\`; la segunda línea registra ese
kernel en Jupyter como *TypeScript*. En Windows, en PowerShell, la segunda línea es
\`${TSLAB_KERNEL_COMMAND_WINDOWS}\`. \`npm install\` guarda solo lo que corre en tu computadora (unos 45 MB):
si copias la carpeta a otra, vuelve a ejecutar ahí \`npm install\`.

Los cuadernos también corren en el kernel de Deno, si lo prefieres: instala [Deno](https://deno.com) y
ejecuta una vez \`${DENO_KERNEL_COMMAND}\` (después de \`npm install\`, que Deno también necesita); luego elige
*Deno*.

Con GitHub Codespaces o con los Dev Containers de VS Code, \`.devcontainer/\` hace todo esto por ti.

### Abrir un cuaderno

\`jupyter lab\` en esta carpeta; abre un cuaderno y elige el kernel *TypeScript*. En VS Code, abre el archivo
\`.ipynb\` (con la extensión de Jupyter) y elige *TypeScript* en el selector de kernel.

Ejecuta las celdas en orden, de arriba abajo.

### Revisa tus respuestas

Cada ejercicio es una celda que empieza con \`// ✎ Ejercicio\` y dice cuánto vale. La celda que le sigue,
\`// ✔ Pruebas del ejercicio\`, es la autoevaluación: ejecútala después de tu respuesta y te dice qué pruebas
pasaron y te da una pista cuando una falla. Algunos puntos los revisan pruebas ocultas solo al calificar tu
cuaderno; la autoevaluación dice cuántos. Entrega el archivo \`.ipynb\`.
`;
}

/**
 * The README of a starter, in English and then in Spanish: the notebooks it holds, the install commands,
 * how to open a notebook on tslab or Deno, and where the self-check is.
 *
 * @example
 * starterReadme([{ lang: 'en', path: 'en/04-tcp-echo.ipynb', title: 'TCP echo over IPv4' }]);
 */
export function starterReadme(notebooks: readonly StarterNotebook[]): string {
  return `# socketbook

*¿Hablas español? Lee la [sección en español](#español).*

${english(notebooks)}
${spanish(notebooks)}`;
}
