import { Alert, Anchor, Container, Stack } from "@mantine/core";
import { Link, useRouteError } from "react-router";

/** A failure while drawing a page: say so in the app's own words, with a way back. */
export function RouteError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Container size="sm" mt="xl">
      <Stack>
        <Alert color="red" title="This page failed to show">{message}</Alert>
        <Anchor component={Link} to="/">Back to the projects</Anchor>
      </Stack>
    </Container>
  );
}
