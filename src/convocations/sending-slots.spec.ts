import { GroupedWrites, SendingSlots } from './sending-slots';

/** A promise and the function that settles it, to hold work open while a test looks. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('SendingSlots', () => {
  it('runs at most its size of works at once, the next one as soon as one ends', async () => {
    const slots = new SendingSlots(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      slots.run(async () => {
        started.push(index);
        await g.opened;
        return index;
      }),
    );
    await turn();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await turn();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
  });

  it('frees the slot of a work that fails', async () => {
    const slots = new SendingSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});

describe('GroupedWrites', () => {
  it('writes the first entry at once and those that arrive meanwhile together in the next write', async () => {
    const written: number[][] = [];
    const first = gate();
    const writes = new GroupedWrites<number>(async (entries) => {
      written.push(entries);
      if (written.length === 1) await first.opened;
    }, 100);
    const recorded = [writes.record(1)];
    await turn();
    recorded.push(writes.record(2), writes.record(3));
    await turn();
    expect(written).toEqual([[1]]);
    first.open();
    await Promise.all(recorded);
    expect(written).toEqual([[1], [2, 3]]);
  });

  it('fails the records of a write that fails, and writes the next ones', async () => {
    let fail = true;
    const writes = new GroupedWrites<number>(async () => {
      if (fail) throw new Error('database gone');
    }, 100);
    await expect(writes.record(1)).rejects.toThrow('database gone');
    fail = false;
    await expect(writes.record(2)).resolves.toBeUndefined();
  });

  it('writes at most maxGroup entries at a time', async () => {
    const written: number[][] = [];
    const first = gate();
    const writes = new GroupedWrites<number>(async (entries) => {
      written.push(entries);
      if (written.length === 1) await first.opened;
    }, 2);
    const recorded = [writes.record(0)];
    await turn();
    recorded.push(writes.record(1), writes.record(2), writes.record(3));
    first.open();
    await Promise.all(recorded);
    expect(written).toEqual([[0], [1, 2], [3]]);
  });
});
