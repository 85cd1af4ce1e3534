import { Button, Code, Group, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { ApiToken, NewTokenRequest, PasswordChange } from "../api/types";
import { confirmDelete, ErrorAlert, fieldError, Loading } from "../components/feedback";
import { when } from "../lib/format";

export function AccountPage() {
  return (
    <Stack maw={800}>
      <Title order={2}>Account</Title>
      <PasswordForm />
      <Tokens />
    </Stack>
  );
}

function PasswordForm() {
  const [old_password, setOld] = useState("");
  const [new_password, setNew] = useState("");
  const change = useMutation({
    mutationFn: () => api.post("/api/accounts/password", { old_password, new_password } satisfies PasswordChange),
    onSuccess: () => {
      setOld("");
      setNew("");
      notifications.show({ color: "green", message: "Password changed; your other sessions were logged out." });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">Change password</Title>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <PasswordInput label="Current password" value={old_password} onChange={(e) => setOld(e.currentTarget.value)} required error={fieldError(change.error, "old_password")} />
          <PasswordInput label="New password" value={new_password} onChange={(e) => setNew(e.currentTarget.value)} required error={fieldError(change.error, "password")} />
          <Button type="submit" loading={change.isPending}>Change</Button>
        </Group>
      </form>
    </Paper>
  );
}

function Tokens() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ["tokens"], queryFn: () => api.get<ApiToken[]>("/api/accounts/tokens") });
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiToken | null>(null);
  const create = useMutation({
    mutationFn: () => api.post<ApiToken>("/api/accounts/tokens", { name } satisfies NewTokenRequest),
    onSuccess: (t) => {
      setCreated(t);
      setName("");
      client.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/accounts/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["tokens"] }),
  });
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">API tokens</Title>
      <Text size="sm" c="dimmed" mb="sm">Send a token as <Code>Authorization: Token &lt;key&gt;</Code> to use the API from scripts.</Text>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Group align="flex-end" mb="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, "name")} />
          <Button type="submit" loading={create.isPending}>Create token</Button>
        </Group>
      </form>
      {created?.key && (
        <Text size="sm" mb="sm">New token (shown once): <Code>{created.key}</Code></Text>
      )}
      <ErrorAlert error={remove.error} />
      <Loading query={tokens} empty={tokens.data?.length === 0 ? <Text size="sm">No tokens yet.</Text> : undefined}>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Prefix</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {tokens.data?.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name || "–"}</Table.Td><Table.Td><Code>{t.prefix}…</Code></Table.Td>
                <Table.Td>{when(t.created_at)}</Table.Td><Table.Td>{when(t.last_used_at)}</Table.Td>
                <Table.Td><Button size="xs" color="red" variant="subtle" onClick={() => confirmDelete(`the token ${t.name || t.prefix}`, () => remove.mutate(t.id))}>Delete</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Loading>
    </Paper>
  );
}
