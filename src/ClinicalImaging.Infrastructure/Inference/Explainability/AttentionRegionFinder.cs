using ClinicalImaging.Application.Inference;

namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>8-connected components of the pixels at or above a threshold, with bounding box, peak and mean activation.</summary>
public static class AttentionRegionFinder
{
    /// <returns>Regions by peak activation (descending), then area (descending).</returns>
    public static IReadOnlyList<AttentionRegion> Find(ReadOnlySpan<float> map, int width, int height, double threshold)
    {
        if (map.Length != width * height)
        {
            throw new ArgumentException($"The map holds {map.Length} values, not {width} x {height}.", nameof(map));
        }

        var visited = new bool[map.Length];
        var stack = new Stack<int>();
        var regions = new List<AttentionRegion>();
        for (int start = 0; start < map.Length; start++)
        {
            if (visited[start] || map[start] < threshold)
            {
                continue;
            }

            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, area = 0, peakIndex = start;
            double sum = 0;
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                area++;
                sum += map[index];
                if (map[index] > map[peakIndex])
                {
                    peakIndex = index;
                }

                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var neighbour = (ny * width) + nx;
                        if (!visited[neighbour] && map[neighbour] >= threshold)
                        {
                            visited[neighbour] = true;
                            stack.Push(neighbour);
                        }
                    }
                }
            }

            regions.Add(new AttentionRegion(
                minX, minY, maxX - minX + 1, maxY - minY + 1, peakIndex % width, peakIndex / width, map[peakIndex], (float)(sum / area), area));
        }

        return regions.OrderByDescending(r => r.PeakActivation).ThenByDescending(r => r.Area).ToArray();
    }
}
