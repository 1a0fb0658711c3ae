using Google.Protobuf;
using Pb = Flyteidl.Core;

namespace Flyte.Proto;

/// <summary>
/// Protobuf bytes of the model, e.g. the <c>inputs.pb</c>/<c>outputs.pb</c> files a task reads and writes. Reading throws
/// <see cref="InvalidProtocolBufferException"/> for bytes that are not protobuf and <see cref="ProtoMappingException"/> for a
/// well-formed message the model cannot hold (both are <see cref="IOException"/>/<see cref="FormatException"/>, never a null reference).
/// </summary>
public static class ProtoSerializer
{
    /// <summary>The <c>flyteidl.core.Literal</c> bytes of a literal.</summary>
    /// <remarks>A collection of binaries (a typed list of records) is written directly in protobuf's wire format, to the same bytes.</remarks>
    public static byte[] ToBytes(this Literal literal) =>
        LiteralWire.TryWrite(literal ?? throw new ArgumentNullException(nameof(literal))) ?? ProtoMapping.ToProto(literal).ToByteArray();

    /// <summary>The <c>flyteidl.core.LiteralMap</c> bytes of a literal map.</summary>
    public static byte[] ToBytes(this LiteralMap map) =>
        LiteralWire.TryWrite(map ?? throw new ArgumentNullException(nameof(map))) ?? ProtoMapping.ToProto(map).ToByteArray();

    /// <summary>The <c>flyteidl.core.LiteralType</c> bytes of a literal type.</summary>
    public static byte[] ToBytes(this LiteralType type) => ProtoMapping.ToProto(type).ToByteArray();

    /// <summary>Reads a literal from <c>flyteidl.core.Literal</c> bytes, messages nested at most <paramref name="maxDepth"/> deep.</summary>
    public static Literal LiteralFromBytes(ReadOnlySpan<byte> bytes, int maxDepth = Flyte.Types.TypeEngineOptions.DefaultMaxDepth) =>
        (maxDepth >= LiteralWire.ProtobufLevels ? LiteralWire.TryRead(bytes) : null)
        ?? ProtoMapping.ToModel(Pb.Literal.Parser.ParseFrom(Input(bytes, maxDepth)));

    /// <summary>Reads a literal map from <c>flyteidl.core.LiteralMap</c> bytes, messages nested at most <paramref name="maxDepth"/> deep.</summary>
    public static LiteralMap LiteralMapFromBytes(ReadOnlySpan<byte> bytes, int maxDepth = Flyte.Types.TypeEngineOptions.DefaultMaxDepth) =>
        (maxDepth >= LiteralWire.ProtobufLevels ? LiteralWire.TryReadMap(bytes) : null)
        ?? ProtoMapping.ToModel(Pb.LiteralMap.Parser.ParseFrom(Input(bytes, maxDepth)));

    /// <summary>Reads a literal type from <c>flyteidl.core.LiteralType</c> bytes, messages nested at most <paramref name="maxDepth"/> deep.</summary>
    public static LiteralType LiteralTypeFromBytes(ReadOnlySpan<byte> bytes, int maxDepth = Flyte.Types.TypeEngineOptions.DefaultMaxDepth) =>
        ProtoMapping.ToModel(Pb.LiteralType.Parser.ParseFrom(Input(bytes, maxDepth)));

    /// <summary>
    /// The engine's depth limit (<see cref="Flyte.Types.TypeEngineOptions.MaxDepth"/>) as protobuf's recursion limit,
    /// which counts every message level (a nested collection is two: <c>Literal</c> and <c>LiteralCollection</c>).
    /// </summary>
    private static CodedInputStream Input(ReadOnlySpan<byte> bytes, int maxDepth) =>
        CodedInputStream.CreateWithLimits(new MemoryStream(bytes.ToArray(), writable: false), int.MaxValue, maxDepth);
}
