import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellComments } from '../../src/formats/shell';
import { everyCommand, readShell, type ShellText } from '../../src/formats/shell/lexer';
import { mulberry32 } from '../support/random';

/** The shell reader: words as the command receives them, with a map to the script for every character. */

function words(script: string): string[][] {
  return everyCommand(readShell(script).script).map((command) => command.words.map((w) => w.value));
}

/** The script text each decoded character came from. */
function sources(script: string, text: ShellText): string[] {
  return [...text.value].map((_, i) => {
    const span = text.map.spanToOuter({ offset: i, length: 1 });
    return script.slice(span.offset, span.offset + span.length);
  });
}

test('quotes, escapes and line continuations decode as the shell does', () => {
  const script = [
    `aws lambda add-permission \\`,
    `  --function-name 'mail processor' --statement-id="a\\"b\\$c" \\`,
    `  $'tab\\there\\x41\\u00e9' plain\\ word "x"'y'z --empty '' "\\q"`,
    '',
  ].join('\n');
  assert.deepEqual(words(script), [
    ['aws', 'lambda', 'add-permission', '--function-name', 'mail processor', '--statement-id=a"b$c', 'tab\there' + 'A\u00e9', 'plain word', 'xyz', '--empty', '', '\\q'],
  ]);
});

test('each decoded character maps to the text it was written as', () => {
  const script = `echo "a\\"b" $'\\x41\\n' 'q'x\\ y`;
  const [echo] = everyCommand(readShell(script).script);
  const [, doubleQuoted, ansi, mixed] = echo!.words;
  assert.deepEqual(sources(script, doubleQuoted!), ['a', '\\"', 'b']);
  assert.deepEqual(sources(script, ansi!), ['\\x41', '\\n']);
  assert.deepEqual(sources(script, mixed!), ['q', 'x', '\\ ', 'y']);
  assert.deepEqual(doubleQuoted!.span, { offset: 5, length: 6 });
});

test('expansions are template values written ${NAME}, or ${…} when computed otherwise', () => {
  const script = 'echo $HOME "${REGION}-$1" "$(date)" `id` ${X:-d} $((1+2)) $ "$"\n';
  const [echo] = everyCommand(readShell(script).script);
  assert.deepEqual(echo!.words.map((w) => w.value), ['echo', '${HOME}', '${REGION}-${1}', '${…}', '${…}', '${…}', '${…}', '$', '$']);
  const region = echo!.words[2]!;
  assert.deepEqual(
    region.expansions.map((e) => [e.innerStart, e.innerEnd, script.slice(e.span.offset, e.span.offset + e.span.length)]),
    [
      [0, 9, '${REGION}'],
      [10, 14, '$1'],
    ],
  );
});

test('commands inside $(…) are read too, and a here-document inside it ends the substitution', () => {
  const script = 'POLICY=$(cat <<EOF\n{"a": "$B"}\nEOF\n)\nX=$(aws sts get-caller-identity --query Account --output text)\n';
  assert.deepEqual(words(script), [['POLICY=${…}'], ['cat'], ['X=${…}'], ['aws', 'sts', 'get-caller-identity', '--query', 'Account', '--output', 'text']]);
  const cat = everyCommand(readShell(script).script)[1]!;
  assert.equal(cat.hereDocuments[0]!.value, '{"a": "${B}"}\n');
});

test('here-documents: <<EOF expands, <<\'EOF\' does not, <<-EOF strips leading tabs; the body maps to the script', () => {
  const script = ['cat <<EOF >a', 'x=$X \\$y', 'EOF', "cat <<'END'", 'x=$X \\$y', 'END', 'cat <<-T', '\t\tindented $Z', '\tT', 'echo after', ''].join('\n');
  const commands = everyCommand(readShell(script).script);
  assert.deepEqual(commands.map((c) => c.hereDocuments.map((d) => d.value)), [['x=${X} $y\n'], ['x=$X \\$y\n'], ['indented ${Z}\n'], []]);
  assert.deepEqual(commands[3]!.words.map((w) => w.value), ['echo', 'after']);
  const stripped = commands[2]!.hereDocuments[0]!;
  assert.deepEqual(sources(script, stripped).slice(0, 3), ['i', 'n', 'd']);
});

test('comments: from # at the start of a word to the end of the line, never inside words, quotes or here-documents', () => {
  const script = ['#!/bin/sh', 'echo a#b "# no" # yes', 'cat <<EOF', '# body', 'EOF', '  # indented', ''].join('\n');
  assert.deepEqual(
    shellComments(script).map((c) => [script.slice(c.span.offset, c.span.offset + c.span.length), c.text]),
    [
      ['#!/bin/sh', '!/bin/sh'],
      ['# yes', ' yes'],
      ['# indented', ' indented'],
    ],
  );
});

test('unterminated quotes, substitutions and here-documents run to the end and are reported', () => {
  for (const [script, message] of [
    ["aws s3api put-bucket-policy --policy '{\n", 'unterminated quoted string'],
    ['echo "abc', 'unterminated quoted string'],
    ["echo $'abc", 'unterminated quoted string'],
    ['echo $(cat <<EOF\nx\n', 'here-document delimited by end of file (wanted "EOF")'],
    ['echo $(ls', 'unterminated command substitution'],
    ['echo ${X', 'unterminated expansion'],
    ['echo `ls', 'unterminated command substitution'],
  ] as const) {
    const reading = readShell(script);
    assert.ok(reading.errors.some((e) => e.message === message), `${JSON.stringify(script)}: ${JSON.stringify(reading.errors)}`);
    assert.equal(reading.end, script.length);
  }
});

test('firstLineOnly stops after the first whole line: continuations, open quotes and here-documents included', () => {
  const script = "aws a \\\n  b 'c\nd'\ncat <<E\nbody\nE\nnext line\n";
  const first = readShell(script, { firstLineOnly: true });
  assert.equal(script.slice(0, first.end), "aws a \\\n  b 'c\nd'\n");
  const second = readShell(script, { start: first.end, firstLineOnly: true });
  assert.equal(script.slice(first.end, second.end), 'cat <<E\nbody\nE\n');
});

test('random shell-like text never throws, always ends, and keeps every word inside the text', () => {
  const random = mulberry32(1234);
  const pieces = ['aws ', 'lambda ', '--x=', "'", '"', '\\', '\n', '$', '(', ')', '{', '}', '`', '<<', 'EOF', '<<-', '#', ' ', '\t', "$'", '\\n', ';', '|', '&', 'a', '=', '${', '$((', '\r\n'];
  for (let round = 0; round < 3000; round++) {
    let script = '';
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) script += pieces[Math.floor(random() * pieces.length)];
    const reading = readShell(script);
    assert.equal(reading.end, script.length, JSON.stringify(script));
    for (const command of everyCommand(reading.script)) {
      for (const word of command.words) {
        assert.ok(word.span.offset >= 0 && word.span.offset + word.span.length <= script.length, JSON.stringify(script));
        const whole = word.map.spanToOuter({ offset: 0, length: word.value.length });
        assert.ok(whole.offset >= word.span.offset && whole.offset + whole.length <= word.span.offset + word.span.length, JSON.stringify(script));
      }
    }
  }
});

test('deeply nested substitutions and a long script are read without exhausting the stack or time', () => {
  const nested = '$('.repeat(5000) + 'x' + ')'.repeat(5000);
  assert.doesNotThrow(() => readShell(`echo ${nested}\n`));
  const long = 'aws s3 cp a b --quiet\n'.repeat(50_000);
  assert.equal(everyCommand(readShell(long).script).length, 50_000);
});
