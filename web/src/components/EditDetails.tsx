import { Button, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import type { ObjectChanges } from "../api/types";
import { ErrorAlert, fieldError } from "./feedback";

/** Rename an object and edit its description (projects, compound sets, models, maps). */
export function EditDetails({ path, name, description, invalidate }: {
  path: string;
  name: string;
  description: string;
  /** Query families that show the object. */
  invalidate: string[];
}) {
  const client = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState({ name, description });
  const save = useMutation({
    mutationFn: () => api.patch<unknown>(path, form satisfies ObjectChanges),
    onSuccess: () => {
      for (const family of invalidate) client.invalidateQueries({ queryKey: [family] });
      close();
    },
  });
  return (
    <>
      <Button variant="default" size="xs" onClick={() => { setForm({ name, description }); open(); }}>Rename</Button>
      <Modal opened={opened} onClose={close} title="Name and description">
        <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
          <Stack>
            <TextInput label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={fieldError(save.error, "name")} required />
            <Textarea label="Description" value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
            {save.error && !fieldError(save.error, "name") && <ErrorAlert error={save.error} />}
            <Button type="submit" loading={save.isPending}>Save</Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
