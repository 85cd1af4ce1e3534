import { Alert, Anchor, Container, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useLocation, useRouteError } from "react-router";

/** A failure while drawing a page: say so in the app's own words, with a way back. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error ? error.message : "an unexpected error";
  return (
    <Container size="sm" mt="xl">
      <Stack>
        <Alert color="red" title="This page failed to show">{message}</Alert>
        <Anchor component={Link} to="/">Back to the projects</Anchor>
      </Stack>
    </Container>
  );
}

/** An address the app has no page for (a mistyped or outdated link). */
export function NotFound() {
  const { pathname } = useLocation();
  return (
    <Container size="sm" mt="xl">
      <Stack>
        <Title order={2}>Page not found</Title>
        <Text>There is no page at <code>{pathname}</code>. The link may be mistyped or out of date.</Text>
        <Anchor component={Link} to="/">Back to the projects</Anchor>
      </Stack>
    </Container>
  );
}
