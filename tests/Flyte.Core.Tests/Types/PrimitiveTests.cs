using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public class PrimitiveTests
{
    [Fact]
    public void Integers_of_every_width_are_flytekit_int_literals()
    {
        Assert.Equal(Int(3), ToLiteral(3L));
        Assert.Equal(Int(-3), ToLiteral(-3));
        Assert.Equal(Int(7), ToLiteral((short)7));
        Assert.Equal(Int(-8), ToLiteral((sbyte)-8));
        Assert.Equal(Int(255), ToLiteral((byte)255));
        Assert.Equal(Int(65535), ToLiteral((ushort)65535));
        Assert.Equal(Int(uint.MaxValue), ToLiteral(uint.MaxValue));
        Assert.Equal(Int(long.MaxValue), ToLiteral((ulong)long.MaxValue));
        foreach (var type in new[] { typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong) })
        {
            Assert.Equal(Simple(SimpleType.Integer), Engine.LiteralTypeOf(type));
            Assert.Equal("int", Engine.Get(type).Name);
        }
    }

    [Fact]
    public void A_ulong_above_long_max_is_an_error_not_a_wrap()
    {
        var e = EncodeFails(ulong.MaxValue);
        Assert.Contains("18446744073709551615", e.Found);
        Assert.Equal("", e.Path);
    }

    [Fact]
    public void An_integer_that_overflows_the_target_type_is_an_error()
    {
        var e = DecodeFails<int>(Int(1L << 40));
        Assert.Contains("Int32", e.Message);
        DecodeFails<byte>(Int(-1));
        DecodeFails<ulong>(Int(-1));
        DecodeFails<short>(Int(40000));
        Assert.Equal(ulong.MaxValue >> 1, ToValue<ulong>(Int(long.MaxValue)));
    }

    [Fact]
    public void An_integer_reads_an_integral_float_and_rejects_a_fractional_one()
    {
        Assert.Equal(4, ToValue<int>(Float(4.0)));
        Assert.Equal(-4L, ToValue<long>(Float(-4.0)));
        var e = DecodeFails<int>(Float(4.5));
        Assert.Contains("integral", e.Message);
        DecodeFails<long>(Float(1e19));
        DecodeFails<long>(Float(double.NaN));
    }

    [Fact]
    public void Floats_are_float64_and_read_integers_by_widening()
    {
        Assert.Equal(Float(1.5), ToLiteral(1.5));
        Assert.Equal(Float(0.25), ToLiteral(0.25f));
        Assert.Equal("float", Engine.Get<double>().Name);
        Assert.Equal(Simple(SimpleType.Float), Engine.LiteralTypeOf<float>());
        Assert.Equal(3.0, ToValue<double>(Int(3)));
        Assert.Equal(3.0f, ToValue<float>(Int(3)));
        Assert.True(double.IsNaN(ToValue<double>(Float(double.NaN))));
        DecodeFails<float>(Float(1e300));
        Assert.Equal(float.PositiveInfinity, ToValue<float>(Float(double.PositiveInfinity)));
    }

    [Fact]
    public void Strings_and_string_like_types_are_str_literals()
    {
        Assert.Equal(Str("hé"), ToLiteral("hé"));
        Assert.Equal("str", Engine.Get<string>().Name);
        var guid = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        Assert.Equal(Str("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), ToLiteral(guid));
        Assert.Equal(guid, ToValue<Guid>(Str("6F9619FF-8B86-D011-B42D-00CF4FC964FF")));
        Assert.Equal(Str("s3://bucket/key"), ToLiteral(new Uri("s3://bucket/key")));
        Assert.Equal(new Uri("relative/path", UriKind.Relative), ToValue<Uri>(Str("relative/path")));
        Assert.Equal(Str("12.50"), ToLiteral(12.50m));
        Assert.Equal(12.50m, ToValue<decimal>(Str("12.50")));
        Assert.Equal(7m, ToValue<decimal>(Int(7)));
        Assert.Equal(0.1m, ToValue<decimal>(Float(0.1)));
        Assert.Equal(Simple(SimpleType.String), Engine.LiteralTypeOf<decimal>());
    }

    [Fact]
    public void A_null_string_is_an_error_that_says_how_to_make_it_optional()
    {
        var e = EncodeFails<string>(null!);
        Assert.Equal("null", e.Found);
        Assert.Contains("string?", e.Message);
        EncodeFails<Uri>(null!);
        EncodeFails<byte[]>(null!);
    }

    [Fact]
    public void A_literal_of_the_wrong_kind_is_an_error_naming_expected_and_found()
    {
        var e = DecodeFails<string>(Int(3));
        Assert.Equal("STRING", e.Expected);
        Assert.Contains("integer literal", e.Found);
        var b = DecodeFails<bool>(Int(1));
        Assert.Equal("BOOLEAN", b.Expected);
        DecodeFails<Guid>(Str("not a guid"));
        DecodeFails<DateTime>(Str("yesterday"));
        DecodeFails<decimal>(Str("1e40"));
        DecodeFails<long>(new Literal(Flyte.Void.Instance));
    }

    [Fact]
    public void Booleans_are_bool_literals()
    {
        Assert.Equal(Bool(true), ToLiteral(true));
        Assert.False(ToValue<bool>(Bool(false)));
        Assert.Equal("bool", Engine.Get<bool>().Name);
    }

    [Fact]
    public void Datetimes_follow_flytekit_utc_rules()
    {
        var utc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Assert.Equal(new Literal(new Primitive.Datetime(utc)), ToLiteral(utc));
        // An unspecified kind is taken as already UTC (flytekit attaches UTC to naive datetimes), not converted.
        var naive = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);
        Assert.Equal(new Literal(new Primitive.Datetime(utc)), ToLiteral(naive));
        var local = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Local);
        Assert.Equal(new Literal(new Primitive.Datetime(local.ToUniversalTime())), ToLiteral(local));
        var back = ToValue<DateTime>(ToLiteral(naive));
        Assert.Equal(DateTimeKind.Utc, back.Kind);
        Assert.Equal(utc, back);
        Assert.Equal("datetime", Engine.Get<DateTime>().Name);

        var offset = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2));
        Assert.Equal(new Literal(new Primitive.Datetime(utc)), ToLiteral(offset));
        Assert.Equal(TimeSpan.Zero, ToValue<DateTimeOffset>(ToLiteral(offset)).Offset);
        Assert.Equal("datetime", Engine.Get<DateTimeOffset>().Name);
    }

    [Fact]
    public void A_date_is_utc_midnight_named_date()
    {
        var literal = ToLiteral(new DateOnly(2024, 2, 29));
        Assert.Equal(new Literal(new Primitive.Datetime(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc))), literal);
        Assert.Equal("date", Engine.Get<DateOnly>().Name);
        Assert.Equal(Simple(SimpleType.Datetime), Engine.LiteralTypeOf<DateOnly>());
        Assert.Equal(new DateOnly(2024, 2, 29), ToValue<DateOnly>(Str("2024-02-29")));
    }

    [Fact]
    public void A_timespan_is_a_timedelta_duration_and_reads_float_seconds_and_iso_text()
    {
        Assert.Equal(new Literal(new Primitive.Duration(TimeSpan.FromSeconds(90))), ToLiteral(TimeSpan.FromSeconds(90)));
        Assert.Equal("timedelta", Engine.Get<TimeSpan>().Name);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ToValue<TimeSpan>(Float(1.5)));
        Assert.Equal(TimeSpan.FromHours(26), ToValue<TimeSpan>(Str("P1DT2H")));
    }

    [Fact]
    public void Bytes_are_an_untagged_binary_of_simple_type_binary()
    {
        Assert.Equal(new Literal(new Binary(Bytes.CopyFrom([1, 2, 3]), "")), ToLiteral(new byte[] { 1, 2, 3 }));
        Assert.Equal(Simple(SimpleType.Binary), Engine.LiteralTypeOf<byte[]>());
        Assert.Equal(new byte[] { 0 }, ToValue<byte[]>(MsgPack(0xc4, 0x01, 0x00)));
    }

    [Fact]
    public void Every_primitive_reads_a_msgpack_binary_holding_it()
    {
        Assert.Equal(300, ToValue<int>(MsgPack(0xcd, 0x01, 0x2c)));
        Assert.Equal(-1L, ToValue<long>(MsgPack(0xff)));
        Assert.Equal(1.5, ToValue<double>(MsgPack(0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)));
        Assert.Equal("x", ToValue<string>(MsgPack(0xa1, 0x78)));
        Assert.True(ToValue<bool>(MsgPack(0xc3)));
        Assert.Equal(TimeSpan.FromSeconds(90), ToValue<TimeSpan>(MsgPack(0xcb, 0x40, 0x56, 0x80, 0, 0, 0, 0, 0)));
        var iso = System.Text.Encoding.UTF8.GetBytes("2024-01-02T03:04:05+00:00");
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), ToValue<DateTime>(MsgPack([(byte)(0xa0 | iso.Length), .. iso])));
        DecodeFails<int>(MsgPack(0xa1, 0x78));
        DecodeFails<int>(MsgPack(0xcd));
    }

    private static readonly Arbitrary<DateTime> UtcDateTimes =
        Arb.From(Gen.Choose(0, int.MaxValue).Select(n => new DateTime(DateTime.UnixEpoch.Ticks + n * 1_000_000_0L % (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks), DateTimeKind.Utc)));

    // Durations inside msgpack are float seconds of whole microseconds (mashumaro's timedelta), exact up to ~31 years.
    private static readonly Arbitrary<TimeSpan> PythonDurations =
        Arb.From(Gen.Choose(-1_000_000, 1_000_000).SelectMany(_ => Gen.Choose(0, 999_999_999), (high, low) => TimeSpan.FromTicks((high * 1_000_000_000L + low) * 10)));

    [Fact]
    public void Every_primitive_obeys_the_transformer_laws()
    {
        TransformerLaws.Check<long>(Engine);
        TransformerLaws.Check<int>(Engine);
        TransformerLaws.Check<short>(Engine);
        TransformerLaws.Check<sbyte>(Engine);
        TransformerLaws.Check<byte>(Engine);
        TransformerLaws.Check<ushort>(Engine);
        TransformerLaws.Check<uint>(Engine);
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<ulong>().Filter(u => u <= long.MaxValue));
        TransformerLaws.Check<double>(Engine);
        TransformerLaws.Check<float>(Engine);
        TransformerLaws.Check<decimal>(Engine);
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<string>().Filter(s => s is not null));
        TransformerLaws.Check<bool>(Engine);
        TransformerLaws.Check<Guid>(Engine);
        TransformerLaws.Check<byte[]>(Engine, ArbMap.Default.ArbFor<byte[]>().Filter(b => b is not null));
        TransformerLaws.Check(Engine, UtcDateTimes);
        TransformerLaws.Check<DateTime>(Engine);
        TransformerLaws.Check<DateTimeOffset>(Engine);
        TransformerLaws.Check(Engine, Arb.From(Gen.Choose(0, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber)));
        TransformerLaws.CheckLiteral<TimeSpan>(Engine);
        TransformerLaws.Check(Engine, PythonDurations);
        TransformerLaws.Check(Engine, Arb.From(Gen.Elements("https://flyte.org/a?b=c", "s3://bucket/key", "file:///tmp/x", "relative/path")
            .Select(s => new Uri(s, UriKind.RelativeOrAbsolute))));
    }
}
