using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Torch.Serialization;

/// <summary>A reference to a Python global (module and name) met in a pickle.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>The result of calling a global we do not interpret; kept so unknown objects fail late and clearly.</summary>
internal sealed record PyObject(PyGlobal Type, object?[] Args);

/// <summary>
/// A small pickle machine for the subset of protocols 2–5 that torch.save writes for state dicts: containers,
/// numbers, strings, globals, REDUCE/BUILD and persistent ids. Globals are resolved through a callback, so
/// nothing outside an allow-list is ever constructed.
/// </summary>
internal sealed class Unpickler
{
    private static readonly object Mark = new();
    private readonly BinaryReader reader;
    private readonly Func<PyGlobal, object?[], object?> call;
    private readonly Func<object?, object?> persistentLoad;
    private readonly List<object?> stack = new();
    private readonly Dictionary<long, object?> memo = new();

    public Unpickler(Stream stream, Func<PyGlobal, object?[], object?> call, Func<object?, object?> persistentLoad)
    {
        reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        this.call = call;
        this.persistentLoad = persistentLoad;
    }

    public object? Load()
    {
        while (true)
        {
            var op = reader.ReadByte();
            switch (op)
            {
                case 0x80: reader.ReadByte(); break;                                   // PROTO
                case 0x95: reader.ReadInt64(); break;                                  // FRAME
                case (byte)'.': return Pop();                                         // STOP
                case (byte)'(': stack.Add(Mark); break;                               // MARK
                case (byte)'N': stack.Add(null); break;                               // NONE
                case 0x88: stack.Add(true); break;                                     // NEWTRUE
                case 0x89: stack.Add(false); break;                                    // NEWFALSE
                case (byte)'J': stack.Add((long)reader.ReadInt32()); break;            // BININT
                case (byte)'K': stack.Add((long)reader.ReadByte()); break;             // BININT1
                case (byte)'M': stack.Add((long)reader.ReadUInt16()); break;           // BININT2
                case 0x8a: stack.Add(ReadLong(reader.ReadByte())); break;              // LONG1
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(reader.ReadBytes(8))); break; // BINFLOAT
                case (byte)'X': stack.Add(ReadString(reader.ReadInt32())); break;      // BINUNICODE
                case 0x8c: stack.Add(ReadString(reader.ReadByte())); break;            // SHORT_BINUNICODE
                case 0x8d: stack.Add(ReadString(checked((int)reader.ReadInt64()))); break; // BINUNICODE8
                case (byte)'B': stack.Add(reader.ReadBytes(reader.ReadInt32())); break; // BINBYTES
                case (byte)'C': stack.Add(reader.ReadBytes(reader.ReadByte())); break;  // SHORT_BINBYTES
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;   // EMPTY_DICT
                case (byte)']': stack.Add(new List<object?>()); break;                 // EMPTY_LIST
                case (byte)')': stack.Add(Array.Empty<object?>()); break;              // EMPTY_TUPLE
                case (byte)'t': stack.Add(PopToMark()); break;                         // TUPLE
                case 0x85: stack.Add(new[] { Pop() }); break;                          // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'q': memo[reader.ReadByte()] = Peek(); break;               // BINPUT
                case (byte)'r': memo[reader.ReadUInt32()] = Peek(); break;             // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(); break;                           // MEMOIZE
                case (byte)'h': stack.Add(memo[reader.ReadByte()]); break;             // BINGET
                case (byte)'j': stack.Add(memo[reader.ReadUInt32()]); break;           // LONG_BINGET
                case (byte)'c': stack.Add(new PyGlobal(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; stack.Add(new PyGlobal(module, name)); break; } // STACK_GLOBAL
                case (byte)'R': { var args = (object?[])Pop()!; var f = (PyGlobal)Pop()!; stack.Add(call(f, args)); break; } // REDUCE
                case 0x81: { var args = (object?[])Pop()!; var cls = (PyGlobal)Pop()!; stack.Add(call(cls, args)); break; } // NEWOBJ
                case (byte)'b': Pop(); break;                                          // BUILD: object state (e.g. _metadata) is not needed
                case (byte)'Q': stack.Add(persistentLoad(Pop())); break;               // BINPERSID
                case (byte)'s': { var v = Pop(); var k = Pop(); SetItem(Peek(), k, v); break; } // SETITEM
                case (byte)'u': { var items = PopToMark(); for (var i = 0; i < items.Length; i += 2) SetItem(Peek(), items[i], items[i + 1]); break; } // SETITEMS
                case (byte)'a': { var v = Pop(); ((List<object?>)Peek()!).Add(v); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); ((List<object?>)Peek()!).AddRange(items); break; } // APPENDS
                default:
                    throw new InvalidDataException($"unsupported pickle opcode 0x{op:x2} at byte {reader.BaseStream.Position - 1}");
            }
        }
    }

    private static void SetItem(object? target, object? key, object? value)
    {
        if (target is not Dictionary<object, object?> dict) throw new InvalidDataException("SETITEM on something that is not a dict");
        dict[key ?? throw new InvalidDataException("a None dict key")] = value;
    }

    private object? Pop()
    {
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    private object? Peek() => stack[^1];

    private object?[] PopToMark()
    {
        var at = stack.FindLastIndex(o => ReferenceEquals(o, Mark));
        if (at < 0) throw new InvalidDataException("pickle MARK missing");
        var items = stack.GetRange(at + 1, stack.Count - at - 1).ToArray();
        stack.RemoveRange(at, stack.Count - at);
        return items;
    }

    private string ReadString(int length) => Encoding.UTF8.GetString(reader.ReadBytes(length));

    private string ReadLine()
    {
        var bytes = new List<byte>();
        for (var b = reader.ReadByte(); b != (byte)'\n'; b = reader.ReadByte()) bytes.Add(b);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private long ReadLong(int length)
    {
        var bytes = reader.ReadBytes(length);
        if (length > 8) throw new InvalidDataException("pickle integer wider than 64 bits");
        long value = 0;
        for (var i = length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        if (length > 0 && length < 8 && (bytes[length - 1] & 0x80) != 0) value -= 1L << (8 * length);
        return value;
    }
}
