import { describe, expect, it } from 'vitest';
import { OutputCollector } from '../../../src/kit/kernel/output-collector.js';

describe('OutputCollector', () => {
  it('merges consecutive stream messages of the same name, as Jupyter does', () => {
    const collector = new OutputCollector();
    collector.add('stream', { name: 'stdout', text: 'a' });
    collector.add('stream', { name: 'stdout', text: 'b\n' });
    collector.add('stream', { name: 'stderr', text: 'oops\n' });
    collector.add('stream', { name: 'stdout', text: 'c\n' });
    expect(collector.outputs()).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'ab\n' },
      { output_type: 'stream', name: 'stderr', text: 'oops\n' },
      { output_type: 'stream', name: 'stdout', text: 'c\n' },
    ]);
  });

  it('strips ANSI colours from text/plain of execute_result only', () => {
    const collector = new OutputCollector();
    collector.add('execute_result', { execution_count: 3, data: { 'text/plain': '\u001b[32m"hi"\u001b[39m' }, metadata: {} });
    collector.add('stream', { name: 'stdout', text: '\u001b[1mbold\u001b[22m' });
    expect(collector.outputs()).toEqual([
      { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '"hi"' }, metadata: {} },
      { output_type: 'stream', name: 'stdout', text: '\u001b[1mbold\u001b[22m' },
    ]);
  });

  it('keeps the first maxBytes of output and ends with a note of the bytes omitted', () => {
    const collector = new OutputCollector({ maxBytes: 10 });
    collector.add('stream', { name: 'stdout', text: '12345678' });
    collector.add('stream', { name: 'stdout', text: 'abcdef' });
    collector.add('display_data', { data: { 'text/plain': 'dropped' }, metadata: {} });
    expect(collector.omittedBytes).toBe(4 + JSON.stringify({ 'text/plain': 'dropped' }).length);
    expect(collector.outputs()).toEqual([
      { output_type: 'stream', name: 'stdout', text: '12345678ab' },
      { output_type: 'stream', name: 'stderr', text: `\n[output truncated by socketbook: ${collector.omittedBytes} bytes omitted]\n` },
    ]);
  });

  it('never cuts a UTF-8 character in half when truncating', () => {
    const collector = new OutputCollector({ maxBytes: 3 });
    collector.add('stream', { name: 'stdout', text: 'aññ' });
    const [first] = collector.outputs();
    expect(first).toEqual({ output_type: 'stream', name: 'stdout', text: 'añ' });
    expect(collector.omittedBytes).toBe(2);
  });

  it('clear_output clears at once, or before the next output when wait is true', () => {
    const collector = new OutputCollector();
    collector.add('stream', { name: 'stdout', text: 'old\n' });
    collector.add('clear_output', { wait: true });
    expect(collector.outputs()).toHaveLength(1);
    collector.add('stream', { name: 'stdout', text: 'new\n' });
    expect(collector.outputs()).toEqual([{ output_type: 'stream', name: 'stdout', text: 'new\n' }]);
    collector.add('clear_output', { wait: false });
    expect(collector.outputs()).toEqual([]);
  });

  it('update_display_data rewrites the display with the same display_id', () => {
    const collector = new OutputCollector();
    collector.add('display_data', { data: { 'text/plain': '10%' }, metadata: {}, transient: { display_id: 'bar' } });
    collector.add('update_display_data', { data: { 'text/plain': '100%' }, metadata: {}, transient: { display_id: 'bar' } });
    expect(collector.outputs()).toEqual([{ output_type: 'display_data', data: { 'text/plain': '100%' }, metadata: {} }]);
  });
});
