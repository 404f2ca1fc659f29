import { useRef, useState, type DragEvent, type ReactNode } from 'react';

interface DropTargetProps {
  onFiles(files: File[]): void;
  children: ReactNode;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

/** Accepts files dropped anywhere over its children, with an overlay while dragging. */
export function DropTarget({ onFiles, children }: DropTargetProps) {
  const [isDragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer left.
  const depth = useRef(0);

  return (
    <div
      className="drop-target"
      data-testid="import-drop-zone"
      data-dragging={isDragging}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        depth.current += 1;
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {isDragging && (
        <div className="drop-target__overlay" aria-hidden="true">
          <div className="drop-target__message">Drop CSV files to import them</div>
        </div>
      )}
    </div>
  );
}
