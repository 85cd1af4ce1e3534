import { AppShell, Anchor, Button, Group, Loader, Menu, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { api, ApiError } from "../api/client";
import type { User } from "../api/types";
import { ErrorAlert } from "./feedback";

export const meKey = ["me"] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => api.get<User>("/api/accounts/me"), staleTime: Infinity });
}

/** Sends visitors without a session to the login page, and back here afterwards. */
export function RequireUser({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return <Group justify="center" mt="xl"><Loader aria-label="loading" /></Group>;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (me.error) return <ErrorAlert error={me.error} />;
  return <>{children}</>;
}

export function Shell() {
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const logout = async () => {
    await api.post("/api/accounts/logout").catch(() => undefined);
    client.clear();
    navigate("/login");
  };
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Anchor component={Link} to="/" fw={700} size="lg" underline="never">GenUI</Anchor>
          <Group gap="xs">
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" title="account menu">{me.data?.username}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/account">Account and API tokens</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button variant="default" size="xs" onClick={logout}>Log out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
        <Text size="xs" c="dimmed" mt="xl">
          GenUI · <Anchor href="/api/docs" size="xs">API documentation</Anchor>
        </Text>
      </AppShell.Main>
    </AppShell>
  );
}
