// @ts-check
// Copy-paste code for the settings on screen: curl, Python and Node, for each dialect Easel speaks.
// The key appears only as $EASEL_KEY unless the person asks to reveal it.
import { inputOf } from './settings.js';
import { pixels } from './sizes.js';

export const DIALECTS = [
  ['native', 'Native (PoYo / APIDot)'],
  ['gptimage2ai', 'GPTImage2.ai'],
  ['yycode', 'YYCode'],
  ['openai', 'OpenAI Images'],
];
export const LANGS = [['curl', 'curl'], ['python', 'Python'], ['node', 'Node']];

const GPTIMAGE2AI_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4'];

/**
 * @param {string} dialect @param {string} lang
 * @param {import('./settings.js').Choice} choice
 * @param {{ base: string, key: string | null }} where key null = keep it in $EASEL_KEY
 */
export function snippet(dialect, lang, choice, where) {
  const parts = { native, gptimage2ai, yycode, openai }[dialect](choice);
  return { curl, python, node }[lang](parts, where);
}

/** The request each dialect sends for a choice, as data the three languages render. @param {import('./settings.js').Choice} c */
function native(c) {
  return {
    note: c.count > 1 ? `One image per task: submit ${c.count} tasks for ${c.count} images.` : null,
    submit: { path: '/api/generate/submit', body: { model: c.model, input: inputOf(c) }, idempotent: true },
    poll: { path: id => `/api/generate/status/${id}`, id: 'data.task_id', done: 'data.status', doneWords: ['finished', 'failed'], url: 'data.files[0].file_url' },
  };
}

/** @param {import('./settings.js').Choice} c */
function gptimage2ai(c) {
  const ratio = GPTIMAGE2AI_RATIOS.includes(c.size) ? c.size : '1:1';
  const differs = ratio !== c.size || c.resolution !== '1K';
  return {
    note: differs ? `GPTImage2.ai renders at 1K with ratios ${GPTIMAGE2AI_RATIOS.join(', ')} and the operator's default quality: ${ratio} is used.` : 'GPTImage2.ai renders at the operator\'s default quality.',
    submit: { path: '/api/generate', body: { prompt: c.prompt.trim(), mode: 'text-to-image', ratio, count: Math.min(c.count, 4) } },
    poll: { path: id => `/api/generate/${id}`, id: 'jobId', done: 'status', doneWords: ['succeeded', 'failed'], url: 'results[0].imageUrl' },
  };
}

/** @param {import('./settings.js').Choice} c */
function yycode(c) {
  const size = pixels(c);
  return {
    note: c.background === 'transparent' ? 'YYCode\'s background is auto or opaque: auto is used.' : null,
    headers: { 'x-demo-async': '1' },
    keyHeader: 'x-demo-api-key',
    submit: {
      path: '/api/images/generate',
      body: { model: 'gpt-image-2', prompt: c.prompt.trim(), n: c.count, size: size ? `${size[0]}x${size[1]}` : 'auto', output_format: c.output_format, quality: c.quality, background: c.background === 'transparent' ? 'auto' : c.background },
    },
    poll: { path: id => `/api/jobs/${id}`, id: 'jobId', done: 'status', doneWords: ['succeeded', 'failed'], b64: 'images[0].b64' },
  };
}

/** @param {import('./settings.js').Choice} c */
function openai(c) {
  const size = pixels(c);
  return {
    note: null,
    sdk: true,
    submit: {
      path: '/v1/images/generations',
      body: { model: 'gpt-image-2', prompt: c.prompt.trim(), n: c.count, size: size ? `${size[0]}x${size[1]}` : 'auto', quality: c.quality, output_format: c.output_format, background: c.background },
    },
  };
}

const shellQuote = s => `'${s.replace(/'/g, `'\\''`)}'`;
const ext = parts => parts.submit.body.output_format === 'jpeg' ? 'jpg' : parts.submit.body.output_format ?? 'png';
/** A jq path from a dotted path with [0] parts. @param {string} p */
const jq = p => `.${p}`;

function curl(parts, { base, key }) {
  const k = key ?? '$EASEL_KEY';
  const auth = parts.keyHeader ? `-H "${parts.keyHeader}: ${k}"` : `-H "Authorization: Bearer ${k}"`;
  const lines = [`EASEL=${base}`];
  if (!key) lines.push('# EASEL_KEY holds your key: export EASEL_KEY=sk_live_…');
  if (parts.note) lines.push(`# ${parts.note}`);
  const extra = Object.entries(parts.headers ?? {}).map(([n, v]) => ` -H '${n}: ${v}'`).join('');
  const idem = parts.submit.idempotent ? ` \\\n  -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)"` : '';
  const post = `curl -s -X POST "$EASEL${parts.submit.path}" ${auth} -H 'Content-Type: application/json'${extra}${idem} \\\n  -d ${shellQuote(JSON.stringify(parts.submit.body))}`;
  if (parts.sdk) {
    lines.push(`${post} \\\n  | jq -r '.data[0].b64_json' | base64 -d > image.${ext(parts)}`);
    return lines.join('\n');
  }
  const p = parts.poll;
  lines.push(`ID=$(${post} \\\n  | jq -r '${jq(p.id)}')`);
  lines.push(`while :; do\n  R=$(curl -s "$EASEL${p.path('$ID')}" ${auth})\n  case "$(echo "$R" | jq -r '${jq(p.done)}')" in ${p.doneWords.join('|')}) break;; esac\n  sleep 1\ndone`);
  lines.push(p.b64
    ? `echo "$R" | jq -r '${jq(p.b64)}' | base64 -d > image.${ext(parts)}`
    : `curl -s -o image.${ext(parts)} "$(echo "$R" | jq -r '${jq(p.url)}')"`);
  return lines.join('\n');
}

/** A Python path expression from a dotted path. @param {string} v @param {string} p */
const py = (v, p) => v + p.split('.').map(s => s.replace(/^(\w+)(\[0\])?$/, (_, n, i) => `["${n}"]${i ?? ''}`)).join('');

function python(parts, { base, key }) {
  const k = key ? JSON.stringify(key) : 'os.environ["EASEL_KEY"]';
  const note = parts.note ? `# ${parts.note}\n` : '';
  const body = toPython(parts.submit.body);
  if (parts.sdk) {
    return `${note}import base64, os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="${base}/v1", api_key=${k})\n`
      + `result = client.images.generate(${Object.entries(parts.submit.body).map(([n, v]) => `\n    ${n}=${toPython(v)},`).join('')}\n)\n`
      + `for i, image in enumerate(result.data):\n    with open(f"image-{i}.${ext(parts)}", "wb") as f:\n        f.write(base64.b64decode(image.b64_json))\n`;
  }
  const p = parts.poll;
  const bearer = key ? JSON.stringify(`Bearer ${key}`) : '"Bearer " + os.environ["EASEL_KEY"]';
  const headers = parts.keyHeader ? `{"${parts.keyHeader}": ${k}${Object.entries(parts.headers ?? {}).map(([n, v]) => `, "${n}": "${v}"`).join('')}}` : `{"Authorization": ${bearer}}`;
  const idem = parts.submit.idempotent ? ', "Idempotency-Key": str(uuid.uuid4())' : '';
  const save = p.b64
    ? `    f.write(base64.b64decode(${py('job', p.b64)}))`
    : `    f.write(requests.get(${py('job', p.url)}).content)`;
  return `${note}import base64, os, time, uuid\nimport requests\n\nEASEL = "${base}"\nheaders = ${headers}\n\n`
    + `job = requests.post(f"{EASEL}${parts.submit.path}", json=${body}, headers={**headers${idem}}).json()\n`
    + `job_id = ${py('job', p.id)}\n`
    + `while ${p.done.includes('.') ? py('job', p.done) : `job.get("${p.done}")`} not in (${p.doneWords.map(w => `"${w}"`).join(', ')}):\n    time.sleep(1)\n    job = requests.get(f"{EASEL}${p.path('{job_id}')}", headers=headers).json()\n`
    + `with open("image.${ext(parts)}", "wb") as f:\n${save}\n`;
}

function node(parts, { base, key }) {
  const k = key ? JSON.stringify(key) : 'process.env.EASEL_KEY';
  const note = parts.note ? `// ${parts.note}\n` : '';
  const body = JSON.stringify(parts.submit.body, null, 2);
  if (parts.sdk) {
    return `${note}import OpenAI from "openai";\nimport { writeFile } from "node:fs/promises";\n\nconst client = new OpenAI({ baseURL: "${base}/v1", apiKey: ${k} });\n`
      + `const result = await client.images.generate(${body});\n`
      + `for (const [i, image] of result.data.entries()) {\n  await writeFile(\`image-\${i}.${ext(parts)}\`, Buffer.from(image.b64_json, "base64"));\n}\n`;
  }
  const p = parts.poll;
  const bearer = key ? JSON.stringify(`Bearer ${key}`) : '`Bearer ${process.env.EASEL_KEY}`';
  const headers = parts.keyHeader ? `{ "${parts.keyHeader}": ${k}${Object.entries(parts.headers ?? {}).map(([n, v]) => `, "${n}": "${v}"`).join('')} }` : `{ Authorization: ${bearer} }`;
  const idem = parts.submit.idempotent ? ', "Idempotency-Key": crypto.randomUUID()' : '';
  const save = p.b64
    ? `Buffer.from(job.${p.b64}, "base64")`
    : `Buffer.from(await (await fetch(job.${p.url})).arrayBuffer())`;
  return `${note}import { writeFile } from "node:fs/promises";\n\nconst EASEL = "${base}";\nconst headers = ${headers};\n\n`
    + `let job = await (await fetch(\`\${EASEL}${parts.submit.path}\`, {\n  method: "POST",\n  headers: { ...headers, "Content-Type": "application/json"${idem} },\n  body: JSON.stringify(${body.replace(/\n/g, '\n  ')}),\n})).json();\n`
    + `const id = job.${p.id};\n`
    + `while (![${p.doneWords.map(w => `"${w}"`).join(', ')}].includes(job.${p.done})) {\n  await new Promise(r => setTimeout(r, 1000));\n  job = await (await fetch(\`\${EASEL}${p.path('${id}')}\`, { headers })).json();\n}\n`
    + `await writeFile("image.${ext(parts)}", ${save});\n`;
}

/** @param {any} v */
function toPython(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toPython).join(', ')}]`;
  return `{${Object.entries(v).map(([n, x]) => `"${n}": ${toPython(x)}`).join(', ')}}`;
}
