namespace Actors.Configuration.Hocon;

/// <summary>
/// The one merge rule of HOCON, used for duplicate keys, includes, fallbacks and object concatenation: an object
/// merges with an object, anything else simply wins over what it overrides.
/// </summary>
/// <remarks>
/// When the higher value is (or the lower one is) still unresolved, the outcome is unknown until resolution, so both
/// are kept in a <see cref="HoconMergeStack"/>. Stacks are pruned below a scalar or array because nothing under one
/// can ever show through (spec: "a substitution hidden by a non-object value is never evaluated").
/// </remarks>
internal static class HoconMerge
{
    /// <summary>
    /// Sets <paramref name="key"/> in an object the parser is still building, merging with an earlier definition.
    /// In place, so that a document with thousands of <c>a.b.c = x</c> lines parses in linear time.
    /// </summary>
    public static void SetField(HoconObject target, string key, HoconValue value)
    {
        target.Set(key, target.TryGetValue(key, out var existing) ? MergeInPlace(value, existing) : value);
    }

    /// <summary>Merges two values the parser owns; <paramref name="fallback"/> may be modified and returned.</summary>
    public static HoconValue MergeInPlace(HoconValue top, HoconValue fallback)
    {
        switch (top)
        {
            case HoconObject topObject:
                switch (fallback)
                {
                    case HoconObject fallbackObject:
                        foreach (var (key, value) in topObject)
                        {
                            SetField(fallbackObject, key, value);
                        }

                        return fallbackObject;
                    case HoconMergeStack stack when stack.Stack[0] is HoconObject first:
                        stack.Stack[0] = MergeInPlace(topObject, first);
                        return stack;
                    case HoconUnresolvedValue:
                        return Stack(topObject, fallback);
                    default:
                        return topObject;
                }

            case HoconUnresolvedValue:
                return Stack(top, fallback);
            default:
                return top;
        }
    }

    /// <summary>Returns <paramref name="top"/> with <paramref name="fallback"/> under it; neither input is modified.</summary>
    public static HoconValue WithFallback(HoconValue top, HoconValue fallback)
    {
        switch (top)
        {
            case HoconObject topObject:
                switch (fallback)
                {
                    case HoconObject fallbackObject:
                        return MergeObjects(topObject, fallbackObject);
                    case HoconMergeStack stack when stack.Stack[0] is HoconObject first:
                        var list = new List<HoconValue>(stack.Stack);
                        list[0] = MergeObjects(topObject, first);
                        return new HoconMergeStack(list);
                    default:
                        // Keep the hidden value under the object: it stops any further fallback from merging in, as
                        // "{ a : { x : 1 } }, then { a : 42 }, then { a : { y : 2 } }" must give { x : 1 }.
                        return Stack(topObject, fallback);
                }

            case HoconUnresolvedValue:
                return Stack(top, fallback);
            default:
                return top;
        }
    }

    /// <summary>Merges two resolved values: objects merge recursively, anything else is replaced by the top value.</summary>
    public static HoconValue MergeResolved(HoconValue top, HoconValue fallback)
    {
        if (top is not HoconObject topObject || fallback is not HoconObject fallbackObject)
        {
            return top;
        }

        var result = new HoconObject(topObject.Origin, topObject.Count + fallbackObject.Count);
        foreach (var (key, value) in fallbackObject)
        {
            result.Set(key, topObject.TryGetValue(key, out var topValue) ? MergeResolved(topValue, value) : value);
        }

        foreach (var (key, value) in topObject)
        {
            if (!fallbackObject.ContainsKey(key))
            {
                result.Set(key, value);
            }
        }

        return result;
    }

    private static HoconObject MergeObjects(HoconObject top, HoconObject fallback)
    {
        // Keys keep the order of their first definition: the fallback's first, then the ones only the top has.
        var result = new HoconObject(top.Origin, top.Count + fallback.Count);
        foreach (var (key, value) in fallback)
        {
            result.Set(key, top.TryGetValue(key, out var topValue) ? WithFallback(topValue, value) : value);
        }

        foreach (var (key, value) in top)
        {
            if (!fallback.ContainsKey(key))
            {
                result.Set(key, value);
            }
        }

        return result;
    }

    private static HoconMergeStack Stack(HoconValue top, HoconValue fallback)
    {
        var list = new List<HoconValue>();
        AddTo(list, top);
        if (!IsFinal(list[^1]))
        {
            AddTo(list, fallback);
        }

        return new HoconMergeStack(list);

        static void AddTo(List<HoconValue> list, HoconValue value)
        {
            foreach (var item in value is HoconMergeStack stack ? stack.Stack : [value])
            {
                if (list.Count > 0 && IsFinal(list[^1]))
                {
                    return;
                }

                list.Add(item);
            }
        }
    }

    /// <summary>A value nothing below can show through.</summary>
    private static bool IsFinal(HoconValue value) => value is HoconScalar or HoconArray;
}
