import { mulberry32 } from './random';

/** Seeded mutations of YAML texts, for the tests that hold a quick path to the `yaml` package's (the quick reader, the quick window). */

const MARKERS = [': ', ' #', '# ', '- ', '-', ':', '#', '"', "'", '[', ']', '{', '}', ',', '!', '!Ref ', '&a ', '*a', '|', '>', '?', ' ', '  ', '\n', '\n  ', '\n# c\n', '---\n', '\\', '%'];

/** Seeded mutations of a text: lines dropped, doubled and re-indented, comment lines at every depth, characters that mean something to YAML. */
export function yamlMutations(text: string, seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    const line = lines[at]!;
    const indent = line.length - line.trimStart().length;
    switch (Math.floor(random() * 8)) {
      case 7:
        lines[at] = line + pick(['\r', ' \r', '\r\r', ' # c\r']);
        break;
      case 0:
        lines.splice(at, 0, ' '.repeat(Math.max(0, indent + Math.floor(random() * 7) - 3)) + '# note');
        break;
      case 1:
        lines.splice(at, 1);
        break;
      case 2:
        lines.splice(at, 0, line);
        break;
      case 3:
        lines[at] = ' '.repeat(Math.max(0, indent + Math.floor(random() * 5) - 2)) + line.trimStart();
        break;
      case 4:
        lines[at] = line + pick([' # c', '#c', ' ', ':', ' x', ',', ']']);
        break;
      case 5:
        lines.splice(at, 0, '');
        break;
      default: {
        const column = Math.floor(random() * (line.length + 1));
        lines[at] = line.slice(0, column) + pick(MARKERS) + line.slice(column + (random() < 0.5 ? 1 : 0));
      }
    }
    out.push(lines.join('\n'));
  }
  return out;
}
