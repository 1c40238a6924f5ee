import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SseMessage, SseParser } from './sse-parser.ts';

const STREAM =
  '\uFEFF: hello\r\nretry: 2500\r\n\r\nid: 1\nevent: logon-session.created\ndata: {"a":1}\n\n' +
  'id: 2\r\nevent: logon-session.terminated\r\ndata: {"b":\r\ndata: "é✓"}\r\n\r\n' +
  'data:no space\rdata: second\r\r: heartbeat\n\nid: 3\n\n';

function parseAll(chunks: string[]): { messages: SseMessage[]; parser: SseParser } {
  const parser = new SseParser();
  const messages = chunks.flatMap((c) => parser.push(c));
  return { messages, parser };
}

const EXPECTED: SseMessage[] = [
  { event: 'logon-session.created', data: '{"a":1}', id: '1' },
  { event: 'logon-session.terminated', data: '{"b":\n"é✓"}', id: '2' },
  { event: 'message', data: 'no space\nsecond', id: '2' },
];

test('SseParser parses a whole stream: fields, comments, CRLF/CR/LF line ends, multi-line data', () => {
  const { messages, parser } = parseAll([STREAM]);
  assert.deepEqual(messages, EXPECTED);
  assert.equal(parser.lastEventId, '3', 'an id with no data still moves the last event id');
  assert.equal(parser.retry, 2500);
});

test('SseParser gives the same messages however the stream is split, including between CR and LF', () => {
  for (let size = 1; size <= 7; size++) {
    const chunks: string[] = [];
    for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
    assert.deepEqual(parseAll(chunks).messages, EXPECTED, `chunk size ${size}`);
  }
  for (let cut = 1; cut < STREAM.length; cut++) {
    assert.deepEqual(parseAll([STREAM.slice(0, cut), STREAM.slice(cut)]).messages, EXPECTED, `cut at ${cut}`);
  }
});

test('SseParser discards an incomplete message at the end of the stream', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('id: 9\ndata: half'), []);
  parser.end();
  assert.deepEqual(parser.push('\n\n'), []);
});

test('SseParser ignores unknown fields, a non-numeric retry and an id containing NUL', () => {
  const { messages, parser } = parseAll(['id: 4\nfoo: bar\nretry: soon\ndata\n\nid: a\0b\ndata: x\n\n']);
  assert.deepEqual(messages, [
    { event: 'message', data: '', id: '4' },
    { event: 'message', data: 'x', id: '4' },
  ]);
  assert.equal(parser.retry, undefined);
});

test('SseParser counts an id line only once the blank line ending its message arrives', () => {
  const parser = new SseParser();
  parser.push('id: 6\ndata: six\n\nid: 7\ndata: {"seq":7,');
  assert.equal(parser.lastEventId, '6', 'a dropped connection here must resume after 6, not 7');
  parser.push('"x":1}\n\n');
  assert.equal(parser.lastEventId, '7');
});
