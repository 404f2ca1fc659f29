import { useRef, useState } from 'react';
import { formatParams } from '../../format/format';
import { useWidth } from '../../hooks/use-width';
import type { HeatmapGrid, HeatmapGridCell } from '../../workers';
import { colorAt, legendGradient, textOn } from './color-scale';

interface HeatmapProps {
  grid: HeatmapGrid;
  xLabel: string;
  yLabel: string | null;
  metricLabel: string;
  format(value: number | null): string;
  onOpen(backtestId: string): void;
}

const MAX_CELL = 56;
/** Narrowest cell before the map scrolls sideways rather than squeezing further. */
const MIN_WIDTH = 5;
const MIN_HEIGHT = 8;
/** Plot width until the panel has been measured. */
const DEFAULT_PLOT_WIDTH = 960;
const PLOT_HEIGHT = 480;
const LEFT = 56;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 40;

function scaled(value: number | null, min: number | null, max: number | null): number {
  if (value === null || min === null || max === null) return 0;
  return max === min ? 1 : (value - min) / (max - min);
}

function tickEvery(count: number, cell: number, room: number): number {
  return Math.max(1, Math.ceil(room / cell), Math.ceil(count / 25));
}

/**
 * What a hovered cell stands for. Averaged over other params, its value is a mean while a click
 * opens the best of the cells averaged: both are said, each with its own value.
 */
function CellTooltip({ cell, isMean, xLabel, yLabel, metricLabel, format }: { cell: HeatmapGridCell; isMean: boolean } & Pick<HeatmapProps, 'xLabel' | 'yLabel' | 'metricLabel' | 'format'>) {
  if (!cell.params) {
    return (
      <div className="muted">
        {xLabel}={cell.x}
        {yLabel ? `, ${yLabel}=${cell.y}` : ''}: not run
      </div>
    );
  }
  if (isMean && cell.count > 1) {
    return (
      <>
        <div className="heatmap__tooltip-value">
          Mean {metricLabel} over {cell.count} cells: <strong>{format(cell.value)}</strong>
        </div>
        <div>
          Best of them: <strong>{format(cell.bestValue)}</strong> at <span className="mono">{formatParams(cell.params)}</span>
        </div>
        {cell.backtestId && <div className="muted">Click to open that best run</div>}
      </>
    );
  }
  return (
    <>
      <div className="heatmap__tooltip-value">
        {metricLabel}: <strong>{format(cell.value)}</strong>
      </div>
      <div className="mono">{formatParams(cell.params)}</div>
      {cell.count > 1 && <div className="muted">best of {cell.count} cells</div>}
      {cell.backtestId && <div className="muted">Click to open the run</div>}
    </>
  );
}

/** The sweep's metric over two params as an SVG grid; higher is brighter. */
export function Heatmap({ grid, xLabel, yLabel, metricLabel, format, onOpen }: HeatmapProps) {
  // The tooltip sits beside the hovered cell, on whichever side has more room.
  // It belongs to the grid it was hovered on: a new grid (another statistic, other axes) has no hovered cell yet.
  const [hoveredOn, setHovered] = useState<{ grid: HeatmapGrid; cell: HeatmapGridCell; left: number; top: number; isFlipped: boolean } | null>(null);
  const hovered = hoveredOn?.grid === grid ? hoveredOn : null;
  const container = useRef<HTMLDivElement>(null);
  const availableWidth = useWidth(container);
  const plotWidth = availableWidth === null ? DEFAULT_PLOT_WIDTH : availableWidth - LEFT - RIGHT;
  const columns = grid.xValues.length;
  const rows = grid.yValues.length;
  // Square cells while they fit the panel; a long axis squeezes its own side only.
  const cellWidth = Math.max(MIN_WIDTH, Math.min(MAX_CELL, Math.floor(plotWidth / Math.max(columns, 1))));
  const cellHeight = Math.max(MIN_HEIGHT, Math.min(cellWidth, Math.floor(PLOT_HEIGHT / Math.max(rows, 1))));
  const width = LEFT + columns * cellWidth + RIGHT;
  const height = TOP + rows * cellHeight + BOTTOM;
  const showValues = cellWidth >= 40 && cellHeight >= 24;
  const xEvery = tickEvery(columns, cellWidth, 28);
  const yEvery = tickEvery(rows, cellHeight, 14);
  // Rows are drawn with the largest y at the top, as a chart reads.
  const rowTop = (rowIndex: number) => TOP + (rows - 1 - rowIndex) * cellHeight;

  return (
    <div className="heatmap" ref={container}>
      <div className="heatmap__canvas" onMouseLeave={() => setHovered(null)}>
        <svg width={width} height={height} role="img" aria-label={`${metricLabel} by ${xLabel}${yLabel ? ` and ${yLabel}` : ''}`} data-testid="heatmap">
          {grid.cells.map((item, index) => {
            const rowIndex = Math.floor(index / columns);
            const columnIndex = index % columns;
            const x = LEFT + columnIndex * cellWidth;
            const y = rowTop(rowIndex);
            const t = scaled(item.value, grid.min, grid.max);
            const isEmpty = item.value === null;
            return (
              <g key={`${item.x}|${item.y}`}>
                <rect
                  x={x + 0.5}
                  y={y + 0.5}
                  width={cellWidth - 1}
                  height={cellHeight - 1}
                  rx={2}
                  className={`heatmap__cell${isEmpty ? ' heatmap__cell--empty' : ''}${item.backtestId ? ' heatmap__cell--link' : ''}`}
                  fill={isEmpty ? undefined : colorAt(t)}
                  data-testid="heatmap-cell"
                  data-backtest-id={item.backtestId ?? ''}
                  data-value={item.value ?? ''}
                  onMouseEnter={() => {
                    const isFlipped = columnIndex >= columns / 2;
                    setHovered({ grid, cell: item, left: isFlipped ? x - 8 : x + cellWidth + 8, top: y, isFlipped });
                  }}
                  onClick={() => item.backtestId && onOpen(item.backtestId)}
                />
                {showValues && !isEmpty && (
                  <text x={x + cellWidth / 2} y={y + cellHeight / 2 + 4} textAnchor="middle" className="heatmap__value" fill={textOn(t)} pointerEvents="none">
                    {format(item.value).replace(/ %$/, '')}
                  </text>
                )}
              </g>
            );
          })}
          {grid.xValues.map((value, index) =>
            index % xEvery === 0 ? (
              <text key={`x${value}`} x={LEFT + index * cellWidth + cellWidth / 2} y={TOP + rows * cellHeight + 14} textAnchor="middle" className="heatmap__tick">
                {value}
              </text>
            ) : null,
          )}
          <text x={LEFT + (columns * cellWidth) / 2} y={TOP + rows * cellHeight + 32} textAnchor="middle" className="heatmap__axis">
            {xLabel}
          </text>
          {grid.yValues.map((value, index) =>
            index % yEvery === 0 && value !== null ? (
              <text key={`y${value}`} x={LEFT - 6} y={rowTop(index) + cellHeight / 2 + 4} textAnchor="end" className="heatmap__tick">
                {value}
              </text>
            ) : null,
          )}
          {yLabel && (
            <text x={12} y={TOP + (rows * cellHeight) / 2} textAnchor="middle" className="heatmap__axis" transform={`rotate(-90 12 ${TOP + (rows * cellHeight) / 2})`}>
              {yLabel}
            </text>
          )}
        </svg>
        {hovered && (
          <div className="heatmap__tooltip" style={{ left: hovered.left, top: hovered.top, transform: hovered.isFlipped ? 'translateX(-100%)' : undefined }} role="tooltip" data-testid="heatmap-tooltip">
            <CellTooltip cell={hovered.cell} isMean={grid.aggregate === 'mean'} xLabel={xLabel} yLabel={yLabel} metricLabel={metricLabel} format={format} />
          </div>
        )}
      </div>
      <div className="heatmap__legend" aria-label="Colour scale">
        <span className="tabular">{format(grid.min)}</span>
        <span className="heatmap__legend-bar" style={{ background: legendGradient() }} />
        <span className="tabular">{format(grid.max)}</span>
        <span className="heatmap__legend-empty">
          <span className="heatmap__swatch-empty" /> no value (not run, or undefined, e.g. no trades)
        </span>
      </div>
    </div>
  );
}
