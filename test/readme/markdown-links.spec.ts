import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { REPO_ROOT } from '../support/child-process';

/**
 * The repository stands alone (issue 25): every relative link in its markdown resolves to a
 * file of the repository, an `#anchor` into a markdown file names one of its headings (GitHub's
 * slugs), and no file points outside the checkout at the spec it once depended on.
 */

/** What a fresh clone has: tracked files, and files about to be (new, not ignored). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\0')
    .filter((file) => file !== '')
    .filter((file) => existsSync(join(REPO_ROOT, file)));
}

/** The lines of a markdown file outside fenced code blocks, numbered from 1. */
function proseLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((content, index) => {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(content);
    if (fence === undefined && opening) {
      fence = opening[1];
      return;
    }
    if (fence !== undefined) {
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(content)) fence = undefined;
      return;
    }
    lines.push({ line: index + 1, text: content });
  });
  return lines;
}

/** A heading's anchor as GitHub makes it (github-slugger): lower case, punctuation gone, spaces as `-`. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/`/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** Every anchor a markdown file offers: its headings' slugs (repeats numbered) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = proseLines(markdown);
  lines.forEach(({ text }, i) => {
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (atx) add(githubSlug(atx[1]));
    const next = lines[i + 1];
    const setext =
      next !== undefined &&
      next.line === lines[i].line + 1 &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next.text) &&
      text.trim() !== '' &&
      !/^ {0,3}([#>*+-]|\d+[.)]|\|)/.test(text);
    if (setext) add(githubSlug(text));
    for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  });
  return anchors;
}

/** The link targets of a markdown file (inline links, images and reference definitions), outside code. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/(`+)[^`]*?\1/g, '');
    for (const match of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: match[1].replace(/^<|>$/g, '') });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(prose);
    if (definition) links.push({ line, target: definition[1].replace(/^<|>$/g, '') });
  }
  return links;
}

/**
 * What is wrong with the relative links of `file` (a repository path), given the repository's
 * files and a reader of their text: a target that is no file or folder of the repository, or an
 * anchor that no heading of the markdown file it points into makes.
 */
export function brokenLinks(
  file: string,
  files: ReadonlySet<string>,
  read: (path: string) => string,
): string[] {
  const folders = new Set<string>();
  for (const path of files) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  }
  const problems: string[] = [];
  for (const { line, target } of linksOf(read(file))) {
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved =
      pathPart === ''
        ? file
        : posix
            .normalize(
              pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(posix.dirname(file), pathPart),
            )
            .replace(/\/$/, '');
    const where = `${file}:${line}: ${target}`;
    if (resolved.startsWith('..') || (!files.has(resolved) && !folders.has(resolved) && resolved !== '.')) {
      problems.push(`${where}: no such file in the repository`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && files.has(resolved)) {
      if (!anchorsOf(read(resolved)).has(anchor.toLowerCase())) {
        problems.push(`${where}: ${resolved} has no heading with the anchor #${anchor}`);
      }
    }
  }
  return problems;
}

/** `..` + `/shared`, so that this file does not mention it itself. */
const OUTSIDE = ['..', 'shared'].join('/');

describe('markdown links and references stay inside the repository', () => {
  const files = repositoryFiles();
  const fileSet = new Set(files);
  const cache = new Map<string, string>();
  const read = (path: string): string => {
    let text = cache.get(path);
    if (text === undefined) {
      text = readFileSync(join(REPO_ROOT, path), 'utf8');
      cache.set(path, text);
    }
    return text;
  };
  const markdown = files.filter((file) => file.endsWith('.md'));

  it('finds the README and the docs', () => {
    expect(markdown).toContain('README.md');
    expect(markdown).toContain('docs/domain.md');
    expect(markdown).toContain('docs/http-api.md');
  });

  it('resolves every relative link of every markdown file, anchors included', () => {
    const problems = markdown.flatMap((file) => brokenLinks(file, fileSet, read));
    expect(problems).toEqual([]);
  });

  it(`finds no file that mentions ${OUTSIDE}`, () => {
    const mentions: string[] = [];
    for (const file of files) {
      const path = join(REPO_ROOT, file);
      if (!statSync(path).isFile()) continue;
      const bytes = readFileSync(path);
      if (bytes.includes(0)) continue; // binary
      const lines = bytes.toString('utf8').split('\n');
      lines.forEach((text, index) => {
        if (text.includes(OUTSIDE)) mentions.push(`${file}:${index + 1}`);
      });
    }
    expect(mentions).toEqual([]);
  });

  it('reports a missing file, a missing anchor and a path out of the repository', () => {
    const fake = new Map<string, string>([
      ['docs/a.md', '# A page\n\n## Second `part`: b.md\n\n## Second `part`: b.md\n'],
      [
        'docs/b.md',
        [
          '[ok](a.md#second-part-bmd) [ok](a.md#second-part-bmd-1) [ok](./a.md) [ok](../README.md)',
          '[web](https://example.com/x.md) [self](#title) [folder](../docs/)',
          '`[code](missing.md)`',
          '```',
          '[fenced](missing.md)',
          '```',
          '# Title',
          '[gone](c.md) [bad anchor](a.md#third) [outside](../../x.md)',
        ].join('\n'),
      ],
      ['README.md', '[docs](docs/a.md)'],
    ]);
    const problems = brokenLinks('docs/b.md', new Set(fake.keys()), (path) => fake.get(path) ?? '');
    expect(problems).toEqual([
      'docs/b.md:8: c.md: no such file in the repository',
      'docs/b.md:8: a.md#third: docs/a.md has no heading with the anchor #third',
      'docs/b.md:8: ../../x.md: no such file in the repository',
    ]);
  });

  it('makes the anchors GitHub makes', () => {
    expect(githubSlug('`--format generic`: one row per lifecycle event')).toBe(
      '--format-generic-one-row-per-lifecycle-event',
    );
    expect(githubSlug('SQLite (default): `DATA_DIR/events.db`')).toBe('sqlite-default-data_direventsdb');
    expect(githubSlug('Conflict of interest (回避)')).toBe('conflict-of-interest-回避');
  });
});
