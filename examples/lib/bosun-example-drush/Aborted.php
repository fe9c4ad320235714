<?php

namespace BosunExample;

/** A command that already reported why it failed: exit 1 without another message. */
final class Aborted extends \RuntimeException
{
}
