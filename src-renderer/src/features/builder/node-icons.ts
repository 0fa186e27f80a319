import type { ComponentType } from 'react'
import {
  BoltIcon,
  ClockIcon,
  CodeIcon,
  DatabaseIcon,
  FilterIcon,
  FlowIcon,
  GlobeIcon,
  PlayIcon,
  RepeatIcon,
  ShuffleIcon,
  ZapIcon,
  type IconProps
} from '../../ui/icons'

/** The icon of a node type. */
export function iconOf(type: string): ComponentType<IconProps> {
  if (/schedule/.test(type)) return ClockIcon
  if (/data-record|records?$/.test(type)) return DatabaseIcon
  if (/app-event/.test(type)) return BoltIcon
  if (/manual/.test(type)) return PlayIcon
  if (/trigger/.test(type)) return ZapIcon
  if (/filter/.test(type)) return FilterIcon
  if (/for-each/.test(type)) return RepeatIcon
  if (/transform/.test(type)) return ShuffleIcon
  if (/request/.test(type)) return GlobeIcon
  if (/javascript/.test(type)) return CodeIcon
  if (/action/.test(type)) return BoltIcon
  return FlowIcon
}
