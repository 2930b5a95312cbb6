using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// Maps a resolved HOCON tree to Microsoft.Extensions.Configuration keys: <c>actors.ask-timeout</c> becomes
/// <c>actors:ask-timeout</c>, array elements become <c>key:0</c>, <c>key:1</c>, and values keep their HOCON text
/// (<c>5s</c> stays <c>5s</c>; parse it with <see cref="HoconDuration"/>).
/// </summary>
/// <remarks>
/// As in the JSON provider, an empty object or array becomes its key with a null value, so the section exists. A
/// HOCON <c>null</c> becomes its key with a null value. Keys are case-insensitive in
/// Microsoft.Extensions.Configuration, so HOCON keys differing only in case collapse to one (the later wins).
/// </remarks>
internal static class HoconConfigurationFlattener
{
    public static Dictionary<string, string?> Flatten(HoconObject root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root)
        {
            Visit(data, key, value);
        }

        return data;
    }

    private static void Visit(Dictionary<string, string?> data, string key, HoconValue value)
    {
        switch (value)
        {
            case HoconObject { Count: 0 } or HoconArray { Count: 0 }:
                data[key] = null;
                break;
            case HoconObject obj:
                foreach (var (childKey, child) in obj)
                {
                    Visit(data, ConfigurationPath.Combine(key, childKey), child);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(data, ConfigurationPath.Combine(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), array[i]);
                }

                break;
            case HoconScalar { Type: HoconValueType.Null }:
                data[key] = null;
                break;
            case HoconScalar scalar:
                data[key] = scalar.Text;
                break;
        }
    }
}
