import { ColumnDecodeError, createColumnCodec, decodeColumn, formatPhpFloat, looksPhpSerialized, phpSerialize } from '../../../src/mappers/column-codec';

const php = createColumnCodec('php');
const json = createColumnCodec('json');

const starCast = [
  { person: 501, character: 'Tyler Durden' },
  { person: 502, character: 'Léa Seydoux' },
];

describe('php codec: PHP serialize() byte format', () => {
  it('serializes lists with int keys and UTF-8 byte lengths', () => {
    expect(php.encode(starCast)).toBe(
      'a:2:{i:0;a:2:{s:6:"person";i:501;s:9:"character";s:12:"Tyler Durden";}i:1;a:2:{s:6:"person";i:502;s:9:"character";s:12:"Léa Seydoux";}}',
    );
  });

  it('keeps numeric strings as strings (legacy seasons column)', () => {
    expect(php.encode(['101', '102'])).toBe('a:2:{i:0;s:3:"101";i:1;s:3:"102";}');
  });

  it('writes scalars like PHP', () => {
    expect(php.encode(null)).toBe('N;');
    expect(php.encode(undefined)).toBe('N;');
    expect(php.encode(true)).toBe('b:1;');
    expect(php.encode(false)).toBe('b:0;');
    expect(php.encode(-42)).toBe('i:-42;');
    expect(php.encode(8.4)).toBe('d:8.4;');
    expect(php.encode('')).toBe('s:0:"";');
    expect(php.encode('日本')).toBe('s:6:"日本";');
    expect(php.encode([])).toBe('a:0:{}');
    expect(php.encode(12345678901234567890n)).toBe('d:1.2345678901234567E+19;');
  });

  it('turns canonical integer keys into int keys, in insertion order', () => {
    const map = new Map<string | number, unknown>([
      ['10', 'a'],
      ['x', 1],
      ['07', 'b'],
      ['-3', 'c'],
      [4, 'd'],
    ]);
    expect(php.encode(map)).toBe('a:5:{i:10;s:1:"a";s:1:"x";i:1;s:2:"07";s:1:"b";i:-3;s:1:"c";i:4;s:1:"d";}');
  });

  it('leaves undefined properties out, like JSON', () => {
    expect(php.encode({ a: 1, b: undefined })).toBe('a:1:{s:1:"a";i:1;}');
  });

  it('refuses values PHP arrays cannot hold', () => {
    expect(() => php.encode(new Date(0))).toThrow(TypeError);
    expect(() => php.encode(() => 1)).toThrow(TypeError);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => php.encode(loop)).toThrow(/circular/);
  });

  it('does not mistake a repeated (non-circular) reference for a cycle', () => {
    const shared = { a: 1 };
    expect(phpSerialize([shared, shared])).toBe('a:2:{i:0;a:1:{s:1:"a";i:1;}i:1;a:1:{s:1:"a";i:1;}}');
  });
});

describe('formatPhpFloat (serialize_precision = -1)', () => {
  // Left: JS number; right: what PHP 8.2 prints in serialize((float) …).
  it.each([
    [0.1, '0.1'],
    [8.4, '8.4'],
    [1e15, '1000000000000000'],
    [1e16, '10000000000000000'],
    [1e17, '1.0E+17'],
    [1.5e17, '1.5E+17'],
    [1e21, '1.0E+21'],
    [123456789012345680, '1.2345678901234568E+17'], // the double nearest 123456789012345678
    [0.0001, '0.0001'],
    [0.00001, '1.0E-5'],
    [1.5e-7, '1.5E-7'],
    [-0, '-0'],
    [-2.5, '-2.5'],
    [7, '7'],
    [NaN, 'NAN'],
    [Infinity, 'INF'],
    [-Infinity, '-INF'],
    [1e300, '1.0E+300'],
    [0.30000000000000004, '0.30000000000000004'],
    [61.416, '61.416'],
  ])('%p → %s', (value, expected) => {
    expect(formatPhpFloat(value)).toBe(expected);
  });

  it('is what encode() writes for non-integers', () => {
    expect(php.encode([0.00001, 1e21])).toBe('a:2:{i:0;d:1.0E-5;i:1;d:1.0E+21;}');
  });
});

describe('json codec', () => {
  it('writes JSON', () => {
    expect(json.format).toBe('json');
    expect(json.encode(starCast)).toBe(JSON.stringify(starCast));
    expect(json.encode(['101'])).toBe('["101"]');
    expect(json.encode(new Map([['a', 1]]))).toBe('{"a":1}');
    expect(json.encode(undefined)).toBe('null');
  });
});

describe('decode accepts either format', () => {
  const samples: unknown[] = [
    starCast,
    ['101', '102'],
    { cast: [{ person: 1, department: 'Acting', acting_job: 'Jon Snow' }], crew: [] },
    [{ platform: 'X', url: 'https://x.com/a' }],
    { source: 'abc', content_type: 'Trailer' },
    [8.4, 0.5, -1],
    [],
  ];

  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))('round-trips %s through both codecs', (_label, sample) => {
    expect(php.decode(php.encode(sample))).toEqual(sample);
    expect(json.decode(json.encode(sample))).toEqual(sample);
    expect(json.decode(php.encode(sample))).toEqual(sample);
    expect(php.decode(json.encode(sample))).toEqual(sample);
  });

  it('maps null and empty text to null', () => {
    expect(php.decode(null)).toBeNull();
    expect(json.decode('')).toBeNull();
    expect(decodeColumn('   ')).toBeNull();
  });

  it('reads legacy bare values', () => {
    expect(decodeColumn('123')).toBe(123);
    expect(decodeColumn('s:5:"Drama";')).toBe('Drama');
    expect(decodeColumn('a:1:{i:0;i:9223372036854775807;}')).toEqual([2 ** 63]); // the double nearest PHP_INT_MAX
  });

  it('tells PHP from JSON', () => {
    expect(looksPhpSerialized('a:0:{}')).toBe(true);
    expect(looksPhpSerialized('N;')).toBe(true);
    expect(looksPhpSerialized('[1,2]')).toBe(false);
    expect(looksPhpSerialized('{"a":1}')).toBe(false);
  });

  it('throws a typed error on text in neither format', () => {
    expect(() => decodeColumn('not a column')).toThrow(ColumnDecodeError);
    expect(() => decodeColumn('a:2:{i:0;')).toThrow(ColumnDecodeError);
  });
});

describe('createColumnCodec', () => {
  it('rejects an unknown format', () => {
    expect(() => createColumnCodec('xml' as never)).toThrow(TypeError);
  });
});
