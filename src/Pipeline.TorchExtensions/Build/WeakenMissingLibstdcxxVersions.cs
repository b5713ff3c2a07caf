using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Makes TorchSharp's native library load where the system's libstdc++ is older than the GCC that built it
/// (Debian 12, Ubuntu 22.04). libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for the marker symbol
/// _ZSt21ios_base_library_initv, which GCC 13's &lt;iostream&gt; references without a relocation, so nothing ever
/// binds to it. Marking that one version requirement weak (VER_FLG_WEAK in its Vernaux entry) lets glibc note it
/// as missing instead of refusing the library. A version that carries any other symbol is left alone and reported:
/// weakening it would trade a load error for a crash at the first call.
/// Compiled by MSBuild as an inline task (see TorchSharpNativeLoad.targets); the file is patched through a
/// temporary copy and a rename, so a hard link into the NuGet cache is replaced, never written through.
/// </summary>
public sealed class WeakenMissingLibstdcxxVersions : Task
{
    private const uint ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlagWeak = 0x2;
    private static readonly HashSet<string> MarkerSymbols = new HashSet<string> { "_ZSt21ios_base_library_initv" };

    /// <summary>The copies of libLibTorchSharp.so in the build or publish output.</summary>
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The system's libstdc++.so.6 whose version definitions are compared; found in the usual folders when empty.</summary>
    public string SystemLibstdcxx { get; set; } = "";

    public override bool Execute()
    {
        var system = SystemLibstdcxx.Length > 0 ? SystemLibstdcxx : FindSystemLibstdcxx();
        if (system.Length == 0)
        {
            Log.LogWarning("libstdc++.so.6 was not found in the usual folders; TorchSharp's native library is left as shipped");
            return true;
        }
        var provided = File.ReadAllBytes(system);
        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            var image = File.ReadAllBytes(path);
            var missing = Requirements(image).Where(r => !Defines(provided, r.Name)).ToList();
            var blocking = missing.Where(r => (r.Flags & VerFlagWeak) == 0).ToList();
            if (blocking.Count == 0) continue;
            var symbols = SymbolsByVersionIndex(image);
            var unsafeToWeaken = blocking.Where(r => symbols.TryGetValue(r.Index, out var names) && !names.All(MarkerSymbols.Contains)).ToList();
            if (unsafeToWeaken.Count > 0)
            {
                Log.LogError($"{path} needs {string.Join(", ", unsafeToWeaken.Select(r => r.Name))} from libstdc++, which {system} lacks and which real symbols use; install a newer libstdc++ (GCC 13 or later)");
                return false;
            }
            foreach (var r in blocking)
            {
                var flags = (ushort)(r.Flags | VerFlagWeak);
                image[r.FlagsOffset] = (byte)flags;
                image[r.FlagsOffset + 1] = (byte)(flags >> 8);
            }
            var temporary = path + ".weakening";
            File.WriteAllBytes(temporary, image);
            File.Delete(path);
            File.Move(temporary, path);
            Log.LogMessage(MessageImportance.High,
                $"{Path.GetFileName(path)}: marked {string.Join(", ", blocking.Select(r => r.Name))} weak ({system} lacks it; only a marker symbol uses it)");
        }
        return !Log.HasLoggedErrors;
    }

    private static string FindSystemLibstdcxx()
    {
        var triplet = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var folders = new[] { "/lib/" + triplet, "/usr/lib/" + triplet, "/usr/lib64", "/lib64", "/usr/lib", "/lib" };
        return folders.Select(f => Path.Combine(f, "libstdc++.so.6")).FirstOrDefault(File.Exists) ?? "";
    }

    // A version is defined when its name appears as a whole string in the library's dynamic string table.
    private static bool Defines(byte[] library, string version)
    {
        var needle = Encoding.ASCII.GetBytes("\0" + version + "\0");
        for (var i = 0; i + needle.Length <= library.Length; i++)
        {
            var k = 0;
            while (k < needle.Length && library[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    private sealed class Requirement
    {
        public string Name = "";
        public ushort Flags;
        public ushort Index;
        public int FlagsOffset;
    }

    private sealed class Section
    {
        public uint Type;
        public long Offset, Size;
        public uint Link;
    }

    private static List<Section> Sections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian 64-bit ELF file");
        var table = (long)BitConverter.ToUInt64(elf, 0x28);
        var entrySize = BitConverter.ToUInt16(elf, 0x3a);
        var count = BitConverter.ToUInt16(elf, 0x3c);
        var sections = new List<Section>();
        for (var i = 0; i < count; i++)
        {
            var at = (int)(table + (long)i * entrySize);
            sections.Add(new Section
            {
                Type = BitConverter.ToUInt32(elf, at + 4),
                Offset = (long)BitConverter.ToUInt64(elf, at + 24),
                Size = (long)BitConverter.ToUInt64(elf, at + 32),
                Link = BitConverter.ToUInt32(elf, at + 40),
            });
        }
        return sections;
    }

    private static string Text(byte[] elf, Section strings, uint offset)
    {
        var start = (int)(strings.Offset + offset);
        var end = start;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    /// <summary>The versions the library requires from libstdc++.so.6 (its Vernaux entries under that file's Verneed).</summary>
    private static List<Requirement> Requirements(byte[] elf)
    {
        var sections = Sections(elf);
        var result = new List<Requirement>();
        foreach (var verneed in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = sections[(int)verneed.Link];
            var need = (int)verneed.Offset;
            while (true)
            {
                var auxCount = BitConverter.ToUInt16(elf, need + 2);
                var file = Text(elf, strings, BitConverter.ToUInt32(elf, need + 4));
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var k = 0; k < auxCount; k++)
                {
                    if (file == "libstdc++.so.6")
                        result.Add(new Requirement
                        {
                            Name = Text(elf, strings, BitConverter.ToUInt32(elf, aux + 8)),
                            Flags = BitConverter.ToUInt16(elf, aux + 4),
                            Index = BitConverter.ToUInt16(elf, aux + 6),
                            FlagsOffset = aux + 4,
                        });
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                var next = BitConverter.ToUInt32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return result;
    }

    /// <summary>Dynamic symbol names grouped by the version index (.gnu.version) they are bound with.</summary>
    private static Dictionary<ushort, List<string>> SymbolsByVersionIndex(byte[] elf)
    {
        var sections = Sections(elf);
        var result = new Dictionary<ushort, List<string>>();
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym == null || versym == null) return result;
        var strings = sections[(int)dynsym.Link];
        for (var i = 0; i < dynsym.Size / 24; i++)
        {
            var index = (ushort)(BitConverter.ToUInt16(elf, (int)(versym.Offset + 2 * i)) & 0x7fff);
            var name = Text(elf, strings, BitConverter.ToUInt32(elf, (int)(dynsym.Offset + 24 * i)));
            if (!result.TryGetValue(index, out var names)) result[index] = names = new List<string>();
            names.Add(name);
        }
        return result;
    }
}
