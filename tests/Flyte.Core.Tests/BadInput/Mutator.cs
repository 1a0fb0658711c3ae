namespace Flyte.Tests.BadInput;

/// <summary>
/// Seeded mutations of a valid input, as a fuzzer would make them: bit flips, interesting bytes (container headers with
/// huge counts, the never-used 0xc1, nil), inserted, deleted, repeated or truncated ranges, splices of another seed and
/// deep nesting prefixes (up to 3 000 levels). The same seed gives the same case.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting =
        [0x00, 0x01, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x91, 0x9f, 0xa0, 0xa1, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc7, 0xca, 0xcb,
         0xcc, 0xcf, 0xd3, 0xd4, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff, 0x0a, 0x12, 0x1a, 0x22, (byte)'{', (byte)'[', (byte)'"'];

    public static byte[] Mutate(byte[] seed, byte[][] others, Random random)
    {
        var bytes = new List<byte>(seed);
        var steps = 1 + random.Next(4);
        for (var s = 0; s < steps; s++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8))); break;
                case 4 when bytes.Count > 0: bytes.RemoveRange(at, bytes.Count - at); break;
                case 5 when bytes.Count > 0:
                {
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(16));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                }
                case 6:
                {
                    var other = others[random.Next(others.Length)];
                    if (other.Length == 0) break;
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(32))).ToArray());
                    break;
                }
                case 7:
                {
                    var levels = random.Next(4) == 0 ? 1 + random.Next(3_000) : 1 + random.Next(70);
                    byte[] unit = random.Next(3) switch { 0 => [0x91], 1 => [0x81, 0xa1, (byte)'a'], _ => [(byte)'['] };
                    bytes.InsertRange(at, Enumerable.Repeat(unit, levels).SelectMany(u => u));
                    break;
                }
                default:
                    if (bytes.Count > 0) bytes[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }
}
