using System.Buffers.Binary;
using System.Text;

namespace ImplicitL1.Tests.IO;

/// <summary>Builds .npy file bytes by hand, independently of the library's writer.</summary>
internal static class NpyBytes
{
    public static byte[] Build(string header, byte[] data, byte major = 1, byte minor = 0, bool pad = true)
    {
        var lengthSize = major == 1 ? 2 : 4;
        if (pad)
        {
            var total = 6 + 2 + lengthSize + header.Length + 1;
            header += new string(' ', (64 - (total % 64)) % 64) + "\n";
        }

        var headerBytes = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, minor };
        if (lengthSize == 2)
        {
            bytes.Add((byte)(headerBytes.Length & 0xff));
            bytes.Add((byte)(headerBytes.Length >> 8));
        }
        else
        {
            var len = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)headerBytes.Length);
            bytes.AddRange(len);
        }

        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] F8(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * k), values[k]);
        }

        return b;
    }

    public static byte[] F4(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * k), values[k]);
        }

        return b;
    }
}
