using System.Text;

namespace Actors.Configuration.Hocon;

/// <summary>
/// Replaces every substitution of a merged tree with its value and returns a new, fully resolved tree.
/// </summary>
/// <remarks>
/// <para>
/// Lookups are lazy: resolving <c>${bar.foo}</c> resolves only <c>bar.foo</c>, not all of <c>bar</c>, so an object
/// may refer to its own fields. A value met again while it is being resolved is a cycle.
/// </para>
/// <para>
/// Self-references follow the spec's suggested implementation: while a field whose value is a substitution or a
/// concatenation is resolved, its path is "replaced" for lookups by what lies below it in its merge stack (or by
/// nothing). So <c>path = ${path}":/x"</c> sees the earlier <c>path</c>, and <c>a = ${a}</c> alone is undefined.
/// </para>
/// <para>Results are memoized per node, which also makes two substitutions of one path agree.</para>
/// </remarks>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly Func<string, string?>? _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<Replacement> _replacements = [];
    private readonly List<HoconSubstitution> _substitutions = [];

    private HoconResolver(HoconObject root, Func<string, string?>? environment)
    {
        _root = root;
        _environment = environment;
    }

    private enum LookupStatus
    {
        Found,
        Missing,
        SelfReference,
    }

    /// <param name="root">The merged, unresolved document.</param>
    /// <param name="environment">Looks up an environment variable for a substitution not found in the tree; null for none.</param>
    public static HoconObject Resolve(HoconObject root, Func<string, string?>? environment)
    {
        var resolver = new HoconResolver(root, environment);
        return (HoconObject)(resolver.Resolve(root, HoconPath.Root) ?? HoconObject.Empty(root.Origin));
    }

    /// <summary>Resolves a node; null means "undefined" (an optional substitution found nothing).</summary>
    private HoconValue? Resolve(HoconValue value, HoconPath? path)
    {
        if (value is HoconScalar)
        {
            return value;
        }

        if (_memo.TryGetValue(value, out var memoized))
        {
            return memoized;
        }

        if (!_inProgress.Add(value))
        {
            throw new CycleDetectedException();
        }

        // A result computed while some field is hidden for a self-reference may differ from the final one.
        var cacheable = _replacements.Count == 0;
        HoconValue? result;
        try
        {
            result = value switch
            {
                HoconObject obj => ResolveObject(obj, path),
                HoconArray array => ResolveArray(array),
                HoconMergeStack stack => ResolveStack(stack, path),
                _ => ResolveField(value, path, below: null),
            };
        }
        finally
        {
            _inProgress.Remove(value);
        }

        if (cacheable)
        {
            _memo[value] = result;
        }

        return result;
    }

    private HoconObject ResolveObject(HoconObject obj, HoconPath? path)
    {
        var result = new HoconObject(obj.Origin, obj.Count);
        foreach (var (key, child) in obj)
        {
            var resolved = Resolve(child, path?.Append(key));
            if (resolved is not null)
            {
                result.Set(key, resolved);
            }
        }

        return result;
    }

    private HoconArray ResolveArray(HoconArray array)
    {
        var items = new List<HoconValue>(array.Count);
        foreach (var item in array)
        {
            // Elements have no path: an array holding a reference to itself is a cycle, not a self-reference.
            var resolved = Resolve(item, path: null);
            if (resolved is not null)
            {
                items.Add(resolved);
            }
        }

        return new HoconArray(array.Origin, items);
    }

    private HoconValue? ResolveStack(HoconMergeStack stack, HoconPath? path)
    {
        HoconValue? result = null;
        for (var i = 0; i < stack.Stack.Count; i++)
        {
            var layer = ResolveLayer(stack, i, path);
            if (layer is null)
            {
                continue;
            }

            result = result is null ? layer : HoconMerge.MergeResolved(result, layer);
            if (layer is not HoconObject)
            {
                // A non-object hides everything below it; only adjacent objects merge.
                break;
            }
        }

        return result;
    }

    /// <summary>Resolves one entry of a merge stack; a substitution in it sees the entries below as the field's value.</summary>
    private HoconValue? ResolveLayer(HoconMergeStack stack, int index, HoconPath? path)
    {
        var element = stack.Stack[index];
        if (element is not (HoconSubstitution or HoconConcatenation))
        {
            return Resolve(element, path);
        }

        var remaining = stack.Stack.Count - index - 1;
        HoconValue? below = remaining switch
        {
            0 => null,
            1 => stack.Stack[index + 1],
            _ => new HoconMergeStack(stack.Stack.GetRange(index + 1, remaining)),
        };

        if (!_inProgress.Add(element))
        {
            throw new CycleDetectedException();
        }

        try
        {
            return ResolveField(element, path, below);
        }
        finally
        {
            _inProgress.Remove(element);
        }
    }

    /// <summary>Resolves a substitution or concatenation that is (part of) the value of the field at <paramref name="path"/>.</summary>
    private HoconValue? ResolveField(HoconValue value, HoconPath? path, HoconValue? below)
    {
        if (path is not null)
        {
            _replacements.Add(new Replacement(path, below));
        }

        try
        {
            return value is HoconSubstitution substitution
                ? ResolveSubstitution(substitution)
                : ResolveConcatenation((HoconConcatenation)value, path);
        }
        finally
        {
            if (path is not null)
            {
                _replacements.RemoveAt(_replacements.Count - 1);
            }
        }
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        _substitutions.Add(substitution);
        try
        {
            var status = LookupStatus.Missing;
            HoconPath? selfReference = null;
            foreach (var path in substitution.FallbackPath is null ? [substitution.Path] : new[] { substitution.Path, substitution.FallbackPath })
            {
                var (found, value, hidden) = Lookup(path);
                if (found == LookupStatus.Found)
                {
                    return value;
                }

                if (found == LookupStatus.SelfReference && status == LookupStatus.Missing)
                {
                    status = found;
                    selfReference = hidden;
                }
            }

            if (_environment is not null && !substitution.IsSelfAppend)
            {
                // Spec: an environment variable set to the empty string counts as not set.
                var text = _environment(string.Join('.', substitution.WrittenPath));
                if (!string.IsNullOrEmpty(text))
                {
                    return HoconScalar.String(text, substitution.Origin);
                }
            }

            if (substitution.Optional)
            {
                return null;
            }

            throw status == LookupStatus.SelfReference
                ? SelfReferenceError(substitution, selfReference!)
                : new HoconResolveException(
                    substitution.Origin,
                    $"expected a value at '{substitution.WrittenPath}' for the substitution {substitution.Render()} but it is not defined"
                        + (_environment is null ? string.Empty : $" in the configuration nor as an environment variable '{string.Join('.', substitution.WrittenPath)}'")
                        + (substitution.Optional ? string.Empty : " (use ${?...} if it may be missing)"));
        }
        catch (CycleDetectedException) when (substitution.Optional)
        {
            // Spec: a cycle is treated like a missing value for an optional substitution.
            return null;
        }
        catch (CycleDetectedException)
        {
            throw new HoconResolveException(
                substitution.Origin,
                $"expected the substitution {substitution.Render()} to resolve but it is part of a cycle: its value depends on itself ({Chain()})");
        }
        finally
        {
            _substitutions.RemoveAt(_substitutions.Count - 1);
        }
    }

    private HoconResolveException SelfReferenceError(HoconSubstitution substitution, HoconPath hidden)
    {
        var innermost = _replacements.Count > 0 ? _replacements[^1].Path : null;
        if (hidden.Equals(innermost) && _substitutions.Count == 1)
        {
            return new HoconResolveException(
                substitution.Origin,
                $"expected an earlier value of '{hidden}' for the self-reference {substitution.Render()} but there is none (define '{hidden}' before, or use ${{?{hidden}}})");
        }

        return new HoconResolveException(
            substitution.Origin,
            $"expected the substitution {substitution.Render()} to resolve but it is part of a cycle ({Chain()})");
    }

    private string Chain() => string.Join(" -> ", _substitutions.Select(s => s.Render()));

    /// <summary>
    /// Looks a path up from the root, resolving only the nodes on the way. A path hidden for a self-reference yields
    /// what was below that field, or <see cref="LookupStatus.SelfReference"/> when nothing was.
    /// </summary>
    private (LookupStatus Status, HoconValue? Value, HoconPath? Hidden) Lookup(HoconPath target)
    {
        HoconValue node = _root;
        for (var depth = 0; ; depth++)
        {
            if (TryFindReplacement(target, depth, out var replacement))
            {
                if (replacement.Below is null)
                {
                    return (LookupStatus.SelfReference, null, replacement.Path);
                }

                node = replacement.Below;
            }

            if (depth == target.Count)
            {
                var value = Resolve(node, target);
                return value is null ? (LookupStatus.Missing, null, null) : (LookupStatus.Found, value, null);
            }

            var child = Child(node, target.Take(depth), target[depth]);
            if (child is null)
            {
                return (LookupStatus.Missing, null, null);
            }

            node = child;
        }
    }

    private bool TryFindReplacement(HoconPath target, int depth, out Replacement replacement)
    {
        // The most recent one wins: it belongs to the innermost field being resolved.
        for (var i = _replacements.Count - 1; i >= 0; i--)
        {
            var candidate = _replacements[i];
            if (candidate.Path.Count == depth && depth > 0 && target.StartsWith(candidate.Path))
            {
                replacement = candidate;
                return true;
            }
        }

        replacement = null!;
        return false;
    }

    /// <summary>The unresolved child <paramref name="key"/> of a node, resolving the node only as far as needed.</summary>
    private HoconValue? Child(HoconValue node, HoconPath nodePath, string key)
    {
        switch (node)
        {
            case HoconObject obj:
                return obj.TryGetValue(key, out var child) ? child : null;
            case HoconMergeStack stack:
                // Gather the key from each layer until one hides the rest; the gathered values merge like the stack.
                var candidates = new List<HoconValue>();
                for (var i = 0; i < stack.Stack.Count; i++)
                {
                    var layer = stack.Stack[i] is HoconObject o ? o : ResolveLayer(stack, i, nodePath);
                    if (layer is null)
                    {
                        continue;
                    }

                    if (layer is not HoconObject layerObject)
                    {
                        break;
                    }

                    if (layerObject.TryGetValue(key, out var value))
                    {
                        candidates.Add(value);
                        if (value is HoconScalar or HoconArray)
                        {
                            break;
                        }
                    }
                }

                return candidates.Count switch
                {
                    0 => null,
                    1 => candidates[0],
                    _ => new HoconMergeStack(candidates),
                };
            case HoconSubstitution or HoconConcatenation:
                return Resolve(node, nodePath) is HoconObject resolved && resolved.TryGetValue(key, out var found) ? found : null;
            default:
                return null;
        }
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation, HoconPath? path)
    {
        var values = new List<HoconValue>(concatenation.Pieces.Count);
        var origins = new List<HoconOrigin>(concatenation.Pieces.Count);
        var anyDefined = false;
        foreach (var piece in concatenation.Pieces)
        {
            var resolved = piece switch
            {
                HoconScalar => piece,
                HoconObject => Resolve(piece, path),
                HoconSubstitution substitution => ResolveSubstitution(substitution),
                _ => Resolve(piece, path: null),
            };

            if (resolved is null)
            {
                // An undefined ${?x} contributes nothing: "", [] or {} depending on its neighbours.
                continue;
            }

            anyDefined |= resolved is not HoconScalar { IsWhitespace: true };
            values.Add(resolved);
            origins.Add(piece.Origin);
        }

        // Spec: "foo : ${?bar}${?baz}" does not create foo when both are undefined.
        if (!anyDefined)
        {
            return null;
        }

        // The first piece decides the kind of the concatenation; every other piece must be of the same kind, except
        // that an object with numeric keys stands for an array when arrays are concatenated.
        var wantArray = values.Exists(v => v is HoconArray);
        var firstIndex = values.FindIndex(v => v is not HoconScalar { IsWhitespace: true });
        var first = values[firstIndex];
        var kind = KindOf(first, wantArray);
        if (kind != HoconValueType.Array && concatenation.Pieces[0] is HoconSubstitution { IsSelfAppend: true } append)
        {
            throw new HoconResolveException(
                concatenation.Origin,
                $"expected an array at '{append.WrittenPath}' for '+=' to append to but found {Describe(first)}");
        }

        for (var i = firstIndex + 1; i < values.Count; i++)
        {
            var value = values[i];
            if (value is HoconScalar { IsWhitespace: true } || KindOf(value, wantArray) == kind)
            {
                continue;
            }

            var expected = kind switch { HoconValueType.Array => "an array", HoconValueType.Object => "an object", _ => "a string" };
            var described = first is HoconScalar ? Describe(first) : $"the {kind.ToString().ToLowerInvariant()}";
            throw new HoconResolveException(
                origins[i],
                $"expected {expected} to concatenate with {described} at {origins[firstIndex].Line}:{origins[firstIndex].Column} but found {Describe(value)} (arrays, objects and strings cannot be mixed in a concatenation)");
        }

        if (kind == HoconValueType.String)
        {
            var builder = new StringBuilder();
            foreach (var value in values)
            {
                builder.Append(((HoconScalar)value).Text);
            }

            return HoconScalar.String(builder.ToString(), concatenation.Origin);
        }

        // Arrays append and objects merge, the later winning; whitespace between them is not part of the value.
        HoconValue? result = null;
        foreach (var piece in values)
        {
            var value = piece;
            if (value is HoconScalar { IsWhitespace: true })
            {
                continue;
            }

            if (kind == HoconValueType.Array && value is HoconObject obj && HoconConvert.TryObjectToArray(obj, out var converted))
            {
                value = converted;
            }

            result = result switch
            {
                null => value,
                HoconArray left => new HoconArray(left.Origin, [.. left, .. (HoconArray)value]),
                _ => HoconMerge.MergeResolved(value, result),
            };
        }

        return result;
    }

    private static HoconValueType KindOf(HoconValue value, bool wantArray) => value switch
    {
        HoconArray => HoconValueType.Array,
        HoconObject obj when wantArray && HoconConvert.TryObjectToArray(obj, out _) => HoconValueType.Array,
        HoconObject => HoconValueType.Object,
        _ => HoconValueType.String,
    };

    private static string Describe(HoconValue value) => value switch
    {
        HoconArray => "an array",
        HoconObject => "an object",
        HoconScalar scalar => $"the {scalar.Type.ToString().ToLowerInvariant()} '{scalar.Text}'",
        _ => "a value",
    };

    private sealed record Replacement(HoconPath Path, HoconValue? Below);

    /// <summary>Unwinds to the innermost substitution, which turns it into a message (or "undefined" if optional).</summary>
    private sealed class CycleDetectedException : Exception
    {
    }
}
