"use client";
import { useOrg } from "@/components/dashboard/org-context";
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { FileDown, FileText, GripVertical, HelpCircle, Video } from "lucide-react";
import { useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { createLessonAction } from "@/actions/courses/create-lesson";
import { createModuleAction } from "@/actions/courses/create-module";
import { deleteModuleAction } from "@/actions/courses/delete-module";
import { moveLessonAction } from "@/actions/courses/move-lesson";
import { moveModuleAction } from "@/actions/courses/move-module";
import { renameModuleAction } from "@/actions/courses/rename-module";
import { EditableTitle, InlineAdd } from "./inline-edit";

export type OutlineLesson = { id: string; title: string; type: string; status: string; isFreePreview: boolean };
export type OutlineModule = { id: string; title: string; lessons: OutlineLesson[] };

const TYPE_ICON: Record<string, typeof FileText> = { text: FileText, video: Video, quiz: HelpCircle, download: FileDown, avatar_video: Video };
const L = (id: string) => `l:${id}`;
const M = (id: string) => `m:${id}`;
const C = (id: string) => `c:${id}`;
const raw = (id: UniqueIdentifier) => String(id).slice(2);
const kind = (id: UniqueIdentifier) => String(id).slice(0, 1) as "l" | "m" | "c";

/**
 * The outline (left panel): modules and their lessons, reordered by drag and drop (dnd-kit) with the
 * mouse, touch or keyboard (focus a handle, Space to pick up, arrows to move, Space to drop), across
 * modules too. Moves are shown at once and saved by server actions; a refused move is rolled back.
 */
export function Outline(props: {
  courseId: string;
  modules: OutlineModule[];
  selectedLessonId: string | null;
  canDelete: boolean;
  onSelect: (lessonId: string | null) => void;
  onChanged: () => void;
}) {
  const org = useOrg();
  const { courseId, canDelete, onSelect, onChanged } = props;
  const [modules, setModules] = useState(props.modules);
  const [activeId, setActiveId] = useState<UniqueIdentifier | null>(null);
  const snapshot = useRef<OutlineModule[] | null>(null);
  const leftHome = useRef(false);
  // Moves being saved: the outline is aria-busy until the server has them.
  const [pendingMoves, setPendingMoves] = useState(0);
  const saving = async <T,>(p: Promise<T>) => {
    setPendingMoves((n) => n + 1);
    try {
      return await p;
    } finally {
      setPendingMoves((n) => n - 1);
    }
  };
  // New outline from the server (after router.refresh): adopt it.
  const [fromServer, setFromServer] = useState(props.modules);
  if (fromServer !== props.modules) {
    setFromServer(props.modules);
    setModules(props.modules);
  }

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  // Lessons collide with lessons and module drop zones; modules only with modules.
  const collision: CollisionDetection = (args) => {
    const want = kind(args.active.id) === "m" ? ["m"] : ["l", "c", "m"];
    const droppableContainers = args.droppableContainers.filter((d) => want.includes(kind(d.id)));
    const inside = pointerWithin({ ...args, droppableContainers });
    if (inside.length) return [...inside.filter((c) => kind(c.id) === "l"), ...inside.filter((c) => kind(c.id) !== "l")];
    return closestCenter({ ...args, droppableContainers });
  };

  const moduleOf = (lessonId: string, list = modules) => list.find((m) => m.lessons.some((l) => l.id === lessonId));
  const containerFor = (overId: UniqueIdentifier) => (kind(overId) === "l" ? moduleOf(raw(overId))?.id : raw(overId));

  function onDragStart(e: DragStartEvent) {
    setActiveId(e.active.id);
    snapshot.current = modules;
  }

  function onDragOver(e: DragOverEvent) {
    const { active, over } = e;
    if (!over || kind(active.id) !== "l") return;
    const lessonId = raw(active.id);
    const from = moduleOf(lessonId);
    const to = containerFor(over.id);
    if (!from || !to || from.id === to) return;
    setModules((prev) => {
      const lesson = prev.find((m) => m.id === from.id)!.lessons.find((l) => l.id === lessonId)!;
      return prev.map((m) => {
        if (m.id === from.id) return { ...m, lessons: m.lessons.filter((l) => l.id !== lessonId) };
        if (m.id !== to) return m;
        // Over a lesson: before it, or after it when the dragged item's middle is below the lesson's middle.
        const translated = active.rect.current.translated;
        const below = !!translated && translated.top + translated.height / 2 > over.rect.top + over.rect.height / 2;
        const overIdx = m.lessons.findIndex((l) => l.id === raw(over.id));
        const idx = kind(over.id) === "l" && overIdx >= 0 ? overIdx + (below ? 1 : 0) : m.lessons.length;
        const lessons = [...m.lessons];
        lessons.splice(idx, 0, lesson);
        return { ...m, lessons };
      });
    });
  }

  async function onDragEnd(e: DragEndEvent) {
    const { active, over } = e;
    setActiveId(null);
    const before = snapshot.current ?? modules;
    snapshot.current = null;
    if (!over) return setModules(before);
    if (kind(active.id) === "m") {
      const from = modules.findIndex((m) => m.id === raw(active.id));
      const to = modules.findIndex((m) => m.id === raw(over.id));
      if (from < 0 || to < 0 || from === to) return;
      setModules(arrayMove(modules, from, to));
      const r = await saving(moveModuleAction({ org, moduleId: raw(active.id), toIndex: to }));
      if (!r.ok) {
        toast.error(r.message);
        setModules(before);
      }
      onChanged();
      return;
    }
    const lessonId = raw(active.id);
    let next = modules;
    const mod = moduleOf(lessonId, next);
    if (!mod) return setModules(before);
    if (kind(over.id) === "l" && moduleOf(raw(over.id), next)?.id === mod.id) {
      const from = mod.lessons.findIndex((l) => l.id === lessonId);
      const to = mod.lessons.findIndex((l) => l.id === raw(over.id));
      if (from !== to) next = next.map((m) => (m.id === mod.id ? { ...m, lessons: arrayMove(m.lessons, from, to) } : m));
    }
    const finalModule = moduleOf(lessonId, next)!;
    const index = finalModule.lessons.findIndex((l) => l.id === lessonId);
    const origModule = moduleOf(lessonId, before);
    const origIndex = origModule?.lessons.findIndex((l) => l.id === lessonId);
    setModules(next);
    if (origModule?.id === finalModule.id && origIndex === index) return;
    const r = await saving(moveLessonAction({ org, lessonId, toModuleId: finalModule.id, toIndex: index }));
    if (!r.ok) {
      toast.error(r.message);
      setModules(before);
    }
    onChanged();
  }

  // What a screen reader hears while dragging: names and positions, never internal ids.
  const lessonTitle = (id: string) => modules.flatMap((m) => m.lessons).find((l) => l.id === id)?.title ?? "lesson";
  const moduleTitle = (id: string) => modules.find((m) => m.id === id)?.title ?? "module";
  const where = (overId: UniqueIdentifier) => {
    if (kind(overId) === "l") return `“${lessonTitle(raw(overId))}” in module “${moduleOf(raw(overId))?.title ?? ""}”`;
    return `module “${moduleTitle(raw(overId))}”`;
  };
  const modulePosition = (overId: UniqueIdentifier) => `position ${modules.findIndex((m) => m.id === raw(overId)) + 1} of ${modules.length}`;
  // Where a dragged lesson lands if dropped now (the same rule as onDragEnd): in the module it is
  // in, at the lesson it is over when that is in the same module, else where it is.
  const landing = (lessonId: string, overId: UniqueIdentifier) => {
    const mod = moduleOf(lessonId);
    if (!mod) return "its place";
    const overIdx = kind(overId) === "l" ? mod.lessons.findIndex((l) => l.id === raw(overId)) : -1;
    const idx = overIdx >= 0 ? overIdx : mod.lessons.findIndex((l) => l.id === lessonId);
    return `position ${idx + 1} of ${mod.lessons.length} in module “${mod.title}”`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      leftHome.current = false;
      return kind(active.id) === "m" ? `Picked up module “${moduleTitle(raw(active.id))}”.` : `Picked up lesson “${lessonTitle(raw(active.id))}”.`;
    },
    onDragOver: ({ active, over }) => {
      if (!over) return undefined;
      // Right after pick-up the item is over its own place: "Picked up" already said that.
      if (over.id === active.id) {
        if (!leftHome.current) return undefined;
        if (kind(active.id) === "m") return `Module “${moduleTitle(raw(active.id))}” is at ${modulePosition(active.id)}.`;
        return `Lesson “${lessonTitle(raw(active.id))}” is at ${landing(raw(active.id), over.id)}.`;
      }
      leftHome.current = true;
      return kind(active.id) === "m"
        ? `Module “${moduleTitle(raw(active.id))}” is over ${modulePosition(over.id)}.`
        : `Lesson “${lessonTitle(raw(active.id))}” is over ${where(over.id)}.`;
    },
    onDragEnd: ({ active, over }) => {
      if (!over)
        return `“${kind(active.id) === "m" ? moduleTitle(raw(active.id)) : lessonTitle(raw(active.id))}” was dropped outside the outline and put back.`;
      return kind(active.id) === "m"
        ? `Module “${moduleTitle(raw(active.id))}” was dropped at ${modulePosition(over.id)}.`
        : `Lesson “${lessonTitle(raw(active.id))}” was dropped at ${landing(raw(active.id), over.id)}.`;
    },
    onDragCancel: ({ active }) =>
      `Moving “${kind(active.id) === "m" ? moduleTitle(raw(active.id)) : lessonTitle(raw(active.id))}” was cancelled; it is back where it was.`,
  };

  const activeLesson = activeId && kind(activeId) === "l" ? modules.flatMap((m) => m.lessons).find((l) => l.id === raw(activeId)) : null;
  const activeModule = activeId && kind(activeId) === "m" ? modules.find((m) => m.id === raw(activeId)) : null;
  const movingModule = activeId !== null && kind(activeId) === "m";

  return (
    <nav aria-label="Course outline" aria-busy={pendingMoves > 0} className="flex flex-col gap-3">
      <button
        type="button"
        onClick={() => onSelect(null)}
        className={`rounded-md px-2 py-1.5 text-left text-sm font-medium ${props.selectedLessonId === null ? "bg-zinc-900 text-white" : "hover:bg-zinc-100"}`}
      >
        Course settings
      </button>
      <DndContext
        // A stable id: dnd-kit otherwise numbers its accessibility ids per render, and the server's and the browser's differ (a hydration mismatch).
        id={`outline-${props.courseId}`}
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={(e) => void onDragEnd(e)}
        onDragCancel={() => {
          setActiveId(null);
          if (snapshot.current) setModules(snapshot.current);
        }}
        accessibility={{
          screenReaderInstructions: { draggable: "To move, press Space, then use the arrow keys, and press Space again to drop. Escape cancels." },
          announcements,
        }}
      >
        <SortableContext items={modules.map((m) => M(m.id))} strategy={verticalListSortingStrategy}>
          <ol className="flex flex-col gap-3" data-testid="outline">
            {modules.map((m, mi) => (
              <SortableModule key={m.id} module={m} index={mi}>
                <ModuleBody
                  module={m}
                  selectedLessonId={props.selectedLessonId}
                  canDelete={canDelete}
                  onSelect={onSelect}
                  onChanged={onChanged}
                  movingModule={movingModule}
                />
              </SortableModule>
            ))}
          </ol>
        </SortableContext>
        <DragOverlay>
          {activeLesson ? (
            <LessonRow lesson={activeLesson} selected={false} overlay />
          ) : activeModule ? (
            <div className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-semibold shadow-lg">{activeModule.title}</div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {modules.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500">Start with a module, then add lessons to it.</p>
      ) : null}
      <InlineAdd
        label="Add module"
        placeholder="Module title"
        onAdd={async (title) => {
          const r = await createModuleAction({ org, courseId, title });
          if (!r.ok) return r.message;
          onChanged();
          return null;
        }}
      />
    </nav>
  );
}

function SortableModule({ module, index, children }: { module: OutlineModule; index: number; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: M(module.id) });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`rounded-lg border border-zinc-200 bg-white ${isDragging ? "opacity-40" : ""}`}
      data-testid="outline-module"
    >
      <div className="flex items-start gap-1 p-2">
        <button
          ref={setActivatorNodeRef}
          type="button"
          {...attributes}
          {...listeners}
          aria-label={`Drag module ${index + 1}: ${module.title}`}
          className="mt-0.5 cursor-grab rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
        >
          <GripVertical className="h-4 w-4" aria-hidden />
        </button>
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </li>
  );
}

/**
 * `movingModule`: while a module is dragged, lessons and module bodies are not drop targets, so the
 * keyboard's arrow keys step from module to module (dnd-kit picks the nearest enabled droppable).
 */
function ModuleBody({
  module,
  selectedLessonId,
  canDelete,
  onSelect,
  onChanged,
  movingModule,
}: {
  module: OutlineModule;
  selectedLessonId: string | null;
  canDelete: boolean;
  onSelect: (id: string | null) => void;
  onChanged: () => void;
  movingModule: boolean;
}) {
  const org = useOrg();
  const { setNodeRef, isOver } = useDroppable({ id: C(module.id), disabled: movingModule });
  return (
    <div className="flex flex-col gap-1">
      <EditableTitle
        title={module.title}
        className="text-sm font-semibold"
        label="module"
        onRename={async (title) => {
          const r = await renameModuleAction({ org, moduleId: module.id, title });
          if (!r.ok) return r.message;
          onChanged();
          return null;
        }}
        onDelete={
          canDelete
            ? async () => {
                if (!confirm(`Delete the module “${module.title}” and its ${module.lessons.length} lesson(s)? This cannot be undone.`)) return;
                const r = await deleteModuleAction({ org, moduleId: module.id });
                if (!r.ok) toast.error(r.message);
                else toast.success("Module deleted");
                onChanged();
              }
            : undefined
        }
      />
      <SortableContext items={module.lessons.map((l) => L(l.id))} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className={`flex min-h-8 flex-col gap-0.5 rounded ${isOver ? "bg-zinc-50" : ""}`} data-testid="outline-lessons">
          {module.lessons.map((l) => (
            <SortableLesson key={l.id} lesson={l} selected={l.id === selectedLessonId} onSelect={onSelect} droppable={!movingModule} />
          ))}
          {module.lessons.length === 0 ? <li className="px-2 py-1 text-xs text-zinc-400">No lessons yet — add one or drop one here.</li> : null}
        </ul>
      </SortableContext>
      <InlineAdd
        label="Add lesson"
        placeholder="Lesson title"
        withType
        onAdd={async (title, type) => {
          const r = await createLessonAction({ org, moduleId: module.id, title, type: (type ?? "text") as "text" });
          if (!r.ok) return r.message;
          onChanged();
          onSelect(r.data.id);
          return null;
        }}
      />
    </div>
  );
}

function SortableLesson({
  lesson,
  selected,
  onSelect,
  droppable,
}: {
  lesson: OutlineLesson;
  selected: boolean;
  onSelect: (id: string) => void;
  droppable: boolean;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: L(lesson.id),
    disabled: { draggable: false, droppable: !droppable },
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={isDragging ? "opacity-40" : ""}
      data-testid="outline-lesson"
      data-lesson-id={lesson.id}
    >
      <LessonRow
        lesson={lesson}
        selected={selected}
        onSelect={onSelect}
        handle={
          <button
            ref={setActivatorNodeRef}
            type="button"
            {...attributes}
            {...listeners}
            aria-label={`Drag lesson: ${lesson.title}`}
            className="cursor-grab rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
          >
            <GripVertical className="h-3.5 w-3.5" aria-hidden />
          </button>
        }
      />
    </li>
  );
}

function LessonRow({
  lesson,
  selected,
  onSelect,
  handle,
  overlay,
}: {
  lesson: OutlineLesson;
  selected: boolean;
  onSelect?: (id: string) => void;
  handle?: ReactNode;
  overlay?: boolean;
}) {
  const Icon = TYPE_ICON[lesson.type] ?? FileText;
  return (
    <div
      className={`flex items-center gap-1 rounded-md px-1 py-1 text-sm ${selected ? "bg-zinc-900 text-white" : "hover:bg-zinc-100"} ${overlay ? "border border-zinc-300 bg-white shadow-lg" : ""}`}
    >
      {handle}
      <button
        type="button"
        onClick={() => onSelect?.(lesson.id)}
        aria-current={selected ? "true" : undefined}
        className="flex min-w-0 flex-1 items-center gap-1.5 text-left"
      >
        <Icon className="h-3.5 w-3.5 shrink-0 opacity-70" aria-hidden />
        <span className="truncate">{lesson.title}</span>
        {lesson.status === "draft" ? (
          <span className={`ml-auto shrink-0 text-[10px] uppercase ${selected ? "text-zinc-300" : "text-zinc-400"}`}>draft</span>
        ) : null}
      </button>
    </div>
  );
}
