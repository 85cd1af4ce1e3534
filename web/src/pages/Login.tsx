import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api } from "../api/client";
import type { LoginRequest, LoginResponse, RegisterRequest, Registration, User } from "../api/types";
import { ErrorAlert, fieldError } from "../components/feedback";
import { meKey } from "../components/Shell";

function useLogin() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post<LoginResponse>("/api/accounts/login", body),
    onSuccess: (res) => {
      client.setQueryData(meKey, res.user);
      navigate((location.state as { from?: string } | null)?.from ?? "/", { replace: true });
    },
  });
}

function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <Title order={2} mb="md">{title}</Title>
        {children}
      </Paper>
    </Center>
  );
}

export function LoginPage() {
  const login = useLogin();
  const registration = useQuery({
    queryKey: ["registration"],
    queryFn: () => api.get<Registration>("/api/accounts/register"),
    staleTime: Infinity,
  });
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username, password });
  };
  return (
    <AuthCard title="Log in to GenUI">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoFocus />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          <ErrorAlert error={login.error} title="Cannot log in" />
          <Button type="submit" loading={login.isPending}>Log in</Button>
          {registration.data?.open && <Text size="sm">No account? <Anchor component={Link} to="/register">Register</Anchor></Text>}
        </Stack>
      </form>
    </AuthCard>
  );
}

export function RegisterPage() {
  const login = useLogin();
  const [form, setForm] = useState<Required<RegisterRequest>>({ username: "", email: "", password: "" });
  const register = useMutation({
    mutationFn: () => api.post<User>("/api/accounts/register", form),
    onSuccess: () => login.mutate({ username: form.username, password: form.password }),
  });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  const err = register.error;
  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Username" value={form.username} onChange={set("username")} required autoFocus error={fieldError(err, "username")} />
          <TextInput label="E-mail (optional)" type="email" value={form.email} onChange={set("email")} error={fieldError(err, "email")} />
          <PasswordInput label="Password" description="At least 8 characters, not only digits" value={form.password} onChange={set("password")} required error={fieldError(err, "password")} />
          {err && !Object.keys((err as { fieldErrors?: object }).fieldErrors ?? {}).length && <ErrorAlert error={err} title="Cannot register" />}
          <ErrorAlert error={login.error} title="Registered, but cannot log in" />
          <Button type="submit" loading={register.isPending || login.isPending}>Register</Button>
          <Text size="sm">Have an account? <Anchor component={Link} to="/login">Log in</Anchor></Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
