using System.Runtime.CompilerServices;

namespace Lumina.Core.Collections;

/// <summary>
/// Disjoint sets over the elements 0 to <c>Count - 1</c>, each starting alone. Union by size and path
/// compression make every operation effectively constant time. Find and Union run hundreds of thousands
/// of times in one catalog pass, so they are compiled fully optimized from the first call.
/// </summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Count => _parent.Length;

    /// <summary>The representative of the set holding <paramref name="element"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(int element)
    {
        CheckElement(element);
        var root = element;
        while (_parent[root] != root)
        {
            root = _parent[root];
        }

        while (_parent[element] != root)
        {
            var next = _parent[element];
            _parent[element] = root;
            element = next;
        }

        return root;
    }

    /// <summary>Joins the sets holding <paramref name="a"/> and <paramref name="b"/>; false when they were one set already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA == rootB)
        {
            return false;
        }

        if (_size[rootA] < _size[rootB])
        {
            (rootA, rootB) = (rootB, rootA);
        }

        _parent[rootB] = rootA;
        _size[rootA] += _size[rootB];
        return true;
    }

    /// <summary>
    /// The sets of at least <paramref name="minimumSize"/> elements, each in ascending order, ordered by
    /// their smallest element: the same answer whatever order the unions came in.
    /// </summary>
    public IReadOnlyList<int[]> Sets(int minimumSize = 1)
    {
        var slotOfRoot = new int[_parent.Length];
        var sets = new List<int[]>();
        var filled = new List<int>();
        for (var element = 0; element < _parent.Length; element++)
        {
            var root = Find(element);
            var size = _size[root];
            if (size < minimumSize)
            {
                continue;
            }

            // Slots are stored plus one so that the array's zeros mean "no set yet".
            if (slotOfRoot[root] == 0)
            {
                sets.Add(new int[size]);
                filled.Add(0);
                slotOfRoot[root] = sets.Count;
            }

            var slot = slotOfRoot[root] - 1;
            sets[slot][filled[slot]++] = element;
        }

        return sets;
    }

    private void CheckElement(int element)
    {
        if ((uint)element >= (uint)_parent.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(element), element, $"Elements are 0 to {_parent.Length - 1}.");
        }
    }
}
