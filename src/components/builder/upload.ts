"use client";

export type Uploaded = { id: string; url: string; filename: string; size: number; contentType: string };

/** POST a file to /api/uploads with progress (XHR: fetch has no upload progress). */
export function uploadFile({
  org,
  kind,
  file,
  onProgress,
}: {
  org: string;
  kind: "image" | "file";
  file: File;
  onProgress: (fraction: number) => void;
}): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    // The school and kind travel in the URL, so the server checks membership before reading the body.
    xhr.open("POST", `/api/uploads?${new URLSearchParams({ org, kind })}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { error?: string } & Partial<Uploaded> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 201) resolve(body as Uploaded);
      else reject(new Error(body.error ?? `Upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error("Upload failed: check your connection and try again."));
    const form = new FormData();
    form.set("file", file);
    xhr.send(form);
  });
}
